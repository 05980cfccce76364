import { normalizeText } from './tokenizer.js';

/*
 * Impact and urgency cues that carry across products and domains. Words such as
 * "invoice" or "dashboard" say what a ticket is about, not how bad it is; whether a
 * ticket is pressing shows in how many people are hit (scope), whether they can
 * work at all (blockage), time pressure, harm (data loss, a security incident,
 * patient safety, money) and, the other way, in questions, suggestions,
 * workarounds and "no rush". Each cue is a small set of phrase patterns on
 * normalised text; the classifier learns how much each is worth.
 */

/** A named cue and the patterns that fire it (applied to normalised, lower-case text). */
interface CueDefinition {
  id: string;
  patterns: readonly RegExp[];
  /** Skip a match preceded by a negation within a few words ("no data loss", "not urgent"). */
  negatable?: boolean;
}

const words = (...alternatives: string[]) => new RegExp(`\\b(?:${alternatives.join('|')})\\b`, 'g');

const PEOPLE =
  '(?:users?|customers?|clients?|employees?|staff|agents?|people|colleagues?|members?|students?|patients?|players?|' +
  'technicians?|doctors?|nurses?|drivers?|sellers?|merchants?|stores?|shops?|sites?|branches?|offices?|teams?|' +
  'departments?|locations?|workstations?|accounts?|tenants?|devices?|terminals?)';

export const CUE_DEFINITIONS: readonly CueDefinition[] = [
  {
    id: 'scope-wide',
    patterns: [
      words(
        'everyone', 'everybody', 'nobody', 'no one', 'none of (?:us|our|the|my)', 'all of (?:us|our|the)',
        `all (?:our |of our |the |my )?${PEOPLE}`, `every (?:single )?${PEOPLE.replace(/s\?/g, '')}`,
        '(?:entire|whole) (?:company|team|organi[sz]ation|office|department|business|operation|workforce|platform|site|region|hospital|shop|store|clinic)',
        'company-? ?wide', 'across (?:the|our) (?:company|organi[sz]ation|board)', 'all (?:three|two|four|five|[0-9]+) (?:of )?our',
        `(?:over |more than |about |around |roughly |all )?[0-9][0-9,]{1,}\\+? (?:of our )?${PEOPLE}`,
        'thousands of', 'hundreds of', 'all regions', 'globally', 'worldwide', 'in all (?:browsers|regions|countries)',
      ),
    ],
  },
  {
    id: 'scope-team',
    patterns: [
      words(
        `(?:several|many|multiple|some|a few|a number of|lots of|most of (?:our|the)) (?:of (?:our|the) )?${PEOPLE}`,
        '(?:our|my|the) (?:whole )?team', 'colleagues', 'half of (?:our|the)', `[2-9] ${PEOPLE}`, 'we all', 'all of them',
      ),
    ],
  },
  {
    id: 'scope-production',
    patterns: [words('production', 'prod', 'live (?:site|shop|store|system|environment|platform|app)', 'storefront', 'our customers cannot', 'customer-facing')],
  },
  {
    id: 'outage',
    negatable: true,
    patterns: [
      words(
        'outage', 'downtime', 'down', 'offline', 'unreachable', 'unavailable', 'inaccessible', 'inoperable',
        'not (?:responding|reachable|accessible|available|loading)', 'unresponsive', 'service disruption', 'disrupted',
        '50[234]', 'bad gateway', 'gateway timeout', 'blank page', 'white screen', 'went dark', 'crashed', 'halted',
        'completely (?:broken|stopped|unusable)', 'unusable', 'at a standstill', 'standstill', 'ground to a halt',
      ),
    ],
  },
  {
    id: 'blocked',
    negatable: true,
    patterns: [
      words(
        'cannot', 'unable to', 'not able to', 'impossible to', 'stopped (?:working|syncing|sending|loading|processing|responding)',
        'no longer (?:works?|working|possible|able|loads?|syncs?)', 'blocked', 'blocking', 'blocks us', 'prevents? (?:us|me|our|the)',
        'preventing', 'stuck', 'fails? every time', 'keeps? failing', 'failing', 'fails', 'failed', 'does not work', 'not working',
        'broken', 'crash(?:es|ing)?', 'locked out', 'halted', 'rejected', 'declined', 'no way to', 'nothing works', 'will not (?:start|open|load)',
      ),
    ],
  },
  {
    id: 'work-stopped',
    negatable: true,
    patterns: [
      words(
        'cannot work', 'unable to work', 'not able to work', 'can(?:not| not) do (?:our|their|my) (?:job|work)', 'idle',
        'work (?:has )?(?:stopped|halted)', 'operations? (?:are |is )?(?:halted|stopped|paralys|inoperable)', 'completely halted',
        'business (?:has )?stopped', 'stopped entirely', 'entire operation', 'sitting idle', 'standstill', 'dead in the water',
        'cannot (?:take|process|accept|ship|serve|sell)', 'turned away', 'losing (?:sales|money|revenue|customers|business)',
        'disrupt\\w*', '(?:affect|impact)\\w* (?:our |the |all )?(?:daily )?(?:operations|business|productivity|workflow|work|services?|revenue)',
        'causing (?:significant |major |serious |severe )?(?:delays|disruption|losses|problems for)', 'hinder\\w*',
      ),
    ],
  },
  {
    id: 'malfunction',
    negatable: true,
    patterns: [
      words(
        'wrong', 'incorrect(?:ly)?', 'do(?:es)? not match', 'mismatch\\w*', 'duplicat\\w+', 'errors?', 'bug(?:s|gy)?', 'glitch\\w*',
        'not (?:applied|credited|delivered|received|arriving|showing|shown|displayed|updating|updated|sent|saved|syncing|loading|working properly)',
        'never (?:arrive[sd]?|received|shows? up)', 'does not (?:apply|save|load|show|update|sync|arrive)', 'jams?', 'drops?', 'dropping', 'freez\\w+',
        'not (?:detecting|recogni[sz]ing|connecting|printing|opening|starting|saving|sending|playing|charging|previewing|counting|matching)',
        'off by', 'drains?', 'keeps? (?:asking|crashing|logging|freezing|showing|switching|dropping|disconnecting|resetting)', 'switch(?:es)? back',
        'discrepanc\\w*', 'differs? from', 'inconsisten\\w*', 'reject(?:s|ed|ing)?', '4[0-9][0-9]', 'no longer \\w+', 'instead of',
      ),
    ],
  },
  {
    id: 'time-pressure',
    negatable: true,
    patterns: [
      words(
        'urgent(?:ly)?', 'asap', 'immediately', 'immediate', 'right now', 'right away', 'as soon as possible', 'emergency',
        '(?:by|before|until|end of|need (?:it|this|them)|fixed|resolved|done|out|ship|run) today', 'tonight', 'within (?:the next )?(?:an? |few |[0-9]+ )?(?:hours?|minutes?)', 'by (?:tomorrow|tonight|end of (?:day|today))',
        'deadline', 'due (?:today|tomorrow|on|by|this|in)', 'before (?:the|our|my) (?:meeting|deadline|launch|audit|board|presentation|release)',
        'every minute', 'time-sensitive', 'time sensitive', 'priority one', 'p1', 'sev ?1', 'escalate', 'escalation', 'at once',
        'tomorrow', 'closes tonight', 'starting tomorrow', 'end of (?:the|this) week',
      ),
    ],
  },
  {
    id: 'severity',
    negatable: true,
    patterns: [words('critical(?:ly)?', 'severe(?:ly)?', 'serious(?:ly)?', 'major', 'significant(?:ly)?', 'disaster', 'catastroph\\w*', 'massive', 'huge', 'crisis', 'emergency', 'high priority', 'highest priority', 'top priority', 'show-?stopper')],
  },
  {
    id: 'data-loss',
    negatable: true,
    patterns: [
      words(
        'data loss', 'lost (?:all|our|the|my|every|some)', '(?:has|have) (?:been )?lost', 'disappeared', 'vanished', 'are gone',
        'is gone', 'all gone', 'wiped', 'erased', 'deleted (?:all|everything|by|without)', 'corrupt(?:ed|ion)?',
        'overwritten', 'missing (?:data|records|entries|files|transactions)', '(?:data|records|entries|files) (?:are |is )?missing',
        'restore (?:from )?(?:a )?backups?', 'empty now', 'no longer (?:displayed|visible|there)',
      ),
    ],
  },
  {
    id: 'security-incident',
    negatable: true,
    patterns: [
      words(
        'hacked', 'compromised', 'breached', 'unauthori[sz]ed (?:access|transactions?|login|logins|charges?|requests?|users?)',
        'account takeover', 'ransomware', 'malware', 'virus', 'phishing emails?', 'leaked', 'exfiltrat\\w*', 'stolen',
        'someone (?:else )?(?:logged|has access|accessed|is using)', 'did not (?:make|authori[sz]e|create)', 'we did not send',
        'suspicious (?:login|activity|sign|transactions?)', 'do not recogni[sz]e', 'unknown (?:admin|user|device|ip)',
        '(?:data|personal data|customer data|card data) (?:exposure|exposed|visible)', 'visible to other', 'see another',
        'other customers?\\W? (?:data|details|names|invoices)', 'wrong (?:customers|recipients)',
        'suspect(?:ed)? (?:a |that |an? )?(?:data )?(?:breach|intrusion|compromise)', 'unusual (?:activity|access|logins?|transactions)',
        'detected (?:a |an )?(?:breach|intrusion|attack)', 'under attack', 'ddos',
      ),
    ],
  },
  {
    id: 'security-topic',
    patterns: [words('security', 'breach', 'vulnerabilit\\w*', 'xss', 'injection', 'encryption', 'gdpr', 'iso 27001', 'soc ?2', 'penetration', 'pen test', 'compliance', 'privacy', 'data protection', 'hipaa', 'pci')],
  },
  {
    id: 'money',
    patterns: [
      words(
        'revenue', 'sales', 'orders?', 'payments?', 'payouts?', 'charged', 'charges?', 'refunds?', 'transactions?', 'invoices?',
        'payroll', 'salar(?:y|ies)', 'checkout', 'chargebacks?', 'money', 'funds', 'billing run', 'financial',
        '[$€£][0-9]', '[0-9] ?(?:eur|usd|gbp|chf)',
      ),
    ],
  },
  {
    id: 'harm-safety',
    patterns: [words('patients?', 'patient safety', 'medication', 'prescriptions?', 'clinical', 'hospital', 'ward', 'surgery', 'life', 'safety', 'endanger\\w*', 'emergency room', 'insulin', 'ambulance')],
  },
  {
    id: 'legal',
    patterns: [words('legal(?:ly)?', 'lawsuit', 'court', 'regulator\\w*', 'fines?', 'audit(?:ors?)?', 'tax (?:return|authority)', 'vat return', 'gdpr violation', 'data protection incident', 'compliance (?:problem|issue|risk)', 'contractual', 'sla')],
  },
  {
    id: 'question',
    patterns: [
      words(
        'how (?:do|can|should|would|to)', 'is (?:it|there) (?:possible|a way)', 'is there any way', 'could you (?:explain|tell|clarify|advise|let us know|share|send|provide)',
        'can you (?:explain|tell|clarify|share|send|provide)', 'where (?:can|do|is|are)', 'what is the', 'what are the', 'which plan', 'do you (?:offer|have|provide|support)',
        'does (?:the|your|it)(?: \\w+){0,3} (?:support|work|allow|offer|have)', 'can (?:i|we) (?:use|change|get|add|have|export|see|set)',
        'questionnaire', 'polic(?:y|ies)', 'could you (?:please )?(?:complete|fill)', 'do you (?:have|hold|keep|store)', 'would like to (?:know|inquire|understand|ask|learn|receive)', 'inquir(?:e|y|ing)', 'enquir(?:e|y|ing)',
        'information (?:about|on|regarding)', 'more information', 'documentation', 'guidance', 'instructions', 'tutorial', 'wondering',
        'question(?:s)? (?:about|regarding|on)', 'curious', 'out of curiosity', 'clarification', 'any (?:tips|advice)', 'best practices?',
      ),
    ],
  },
  {
    id: 'request-change',
    patterns: [
      words(
        'please (?:update|change|add|remove|grant|create|set up|rename|transfer|send)', 'could you (?:please )?(?:update|change|add|remove|grant|create|set up|rename|transfer)',
        'would like to (?:change|update|add|remove|upgrade|downgrade|cancel|order|request)', 'request (?:for|to)', 'requesting', 'new (?:user|account|laptop|licen[cs]e)',
        'onboard\\w*', 'offboard\\w*', 'quote', 'brochure', 'demo', 'partnership', 'pricing', 'discount',
      ),
    ],
  },
  {
    id: 'feature-request',
    patterns: [
      words(
        'feature request', 'would (?:be|love|like) (?:great|nice|helpful|useful|good|valuable|to see|to have)', 'it would be', 'would love',
        'suggestion', 'suggest', 'please add', 'could you add', 'consider (?:adding|it|this)', 'roadmap', 'in (?:a|the) future', 'planned',
        'wish(?:list)?', 'idea', 'nice to have', 'enhancement', 'improvement', 'would welcome', 'would appreciate (?:a|an) (?:option|feature|integration)',
        'any plans', 'support for', 'option to',
      ),
    ],
  },
  {
    id: 'minor',
    patterns: [
      words(
        'cosmetic', 'typo', 'minor', 'small (?:thing|issue|problem|detail|bug)', 'slightly', 'a few pixels', 'pixels? off', 'not a big deal',
        'just (?:letting you know|flagging|fyi|a heads up)', 'fyi', 'not (?:critical|urgent|blocking|a priority|important)', 'no (?:rush|urgency|hurry)',
        'low priority', 'when(?:ever)? (?:you have time|convenient|you get a chance)', 'at your convenience', 'at your earliest convenience',
        'does not block', 'does not affect', 'nothing urgent', 'annoying', 'a bit', 'mildly', 'slight', 'nitpick', 'feedback', 'thank(?:s| you) (?:for|to)',
      ),
    ],
  },
  {
    id: 'workaround',
    patterns: [
      words(
        'workaround', 'work around', 'for now', 'in the meantime', 'meanwhile', 'for the time being', 'manually', 'still (?:works?|work|able|can|usable|use|find|watch|working|completes?|open)',
        'can still', 'we can use', 'using (?:the|another|a different)', 'works (?:fine|correctly|normally) (?:in|on|for|when)', 'other (?:browsers?|devices?) work',
        'only (?:on|in|for|when|with) (?:one|my|this|safari|firefox|edge|chrome|android|ios)', 'manageable',
      ),
    ],
  },
  {
    id: 'intermittent',
    patterns: [words('sometimes', 'occasionally', 'intermittent(?:ly)?', 'sporadic(?:ally)?', 'from time to time', 'once (?:a|or twice)', 'now and then', 'random(?:ly)?', 'some of (?:the|our)', 'a few times', 'every (?:few|now)', 'on and off')],
  },
  {
    id: 'degraded',
    negatable: true,
    patterns: [words('slow(?:er|ly|ness)?', 'lag(?:gy|s|ging)?', 'delay(?:ed|s)?', 'takes? (?:long|ages|forever|[0-9]+ (?:seconds|minutes))', 'latency', 'buffer(?:ing)?', 'timeouts?', 'times out', 'sluggish', 'late')],
  },
  {
    id: 'single-user',
    patterns: [words('only (?:me|my account|for me|my user|happens to me)', 'just me', 'my (?:account|profile|laptop|phone|computer|device|password|username)', 'i (?:cannot|can not|am unable)')],
  },
  {
    id: 'test-or-ignore',
    patterns: [words('test(?:ing)? ticket', 'please ignore', 'ignore this', 'just testing', 'staging', 'test environment', 'sandbox', 'dev environment', 'this is a test')],
  },
  {
    id: 'anger',
    patterns: [words('unacceptable', 'ridiculous', 'furious', 'angry', 'terrible', 'worst', 'disgrace\\w*', 'fed up', 'stealing', 'scam', 'wtf', 'joke', 'outrageous', 'fix it now', 'fix this now')],
  },
];

const NEGATION = /\b(?:no|not|never|without|nothing|none|neither|nor)\b(?:\W+\w+){0,2}\W*$/;

/** Normalises text for cue matching: accents folded, lower case, contractions spelled out. */
export function normaliseForCues(text: string): string {
  return normalizeText(text).replace(/\s+/g, ' ');
}

/** Which cues fire, with how many distinct matches each (for features). */
export function detectCues(text: string): Map<string, number> {
  const normalised = normaliseForCues(text);
  const found = new Map<string, number>();
  for (const cue of CUE_DEFINITIONS) {
    let count = 0;
    for (const pattern of cue.patterns) {
      pattern.lastIndex = 0;
      for (const match of normalised.matchAll(pattern)) {
        if (cue.negatable && NEGATION.test(normalised.slice(Math.max(0, (match.index ?? 0) - 24), match.index ?? 0))) continue;
        count++;
      }
    }
    if (count > 0) found.set(cue.id, count);
  }
  return found;
}

/** The text shouts: several exclamation marks or upper-case words. */
function shouts(text: string): boolean {
  const exclamations = (text.match(/!/g) ?? []).length;
  const capitalWords = (text.match(/\b[A-Z]{4,}\b/g) ?? []).length;
  return exclamations >= 3 || capitalWords >= 2;
}

/**
 * Cue features for the classifier: one per fired cue (scaled for repeats), plus
 * combinations that mean more together than apart (a wide scope that is blocked is
 * an outage; a security word inside a question is a policy question, not an incident).
 */
export function impactFeatures(title: string, description: string): Map<string, number> {
  const text = `${title}\n${description}`;
  const cues = detectCues(text);
  const titleCues = detectCues(title);
  const has = (id: string) => cues.has(id);
  const features = new Map<string, number>();
  for (const [id, count] of cues) features.set(`cue:${id}`, Math.min(1 + Math.log(count), 2));
  for (const id of titleCues.keys()) features.set(`title-cue:${id}`, 1);

  const wide = has('scope-wide');
  const hit = has('blocked') || has('outage') || has('work-stopped');
  const wrong = hit || has('malfunction') || has('degraded');
  const incident = has('security-incident') || has('data-loss');
  const asking = has('question') || has('feature-request') || has('request-change');
  const pair = (name: string, on: boolean) => {
    if (on) features.set(`combo:${name}`, 1);
  };
  pair('wide-and-hit', wide && hit);
  pair('wide-outage', wide && has('outage'));
  pair('production-hit', has('scope-production') && hit);
  pair('team-hit', has('scope-team') && hit);
  pair('hit-and-pressure', hit && has('time-pressure'));
  pair('hit-and-money', hit && has('money'));
  pair('hit-and-safety', hit && has('harm-safety'));
  pair('incident-wide', incident && wide);
  pair('incident-not-asking', incident && !asking);
  pair('security-question', has('security-topic') && asking && !incident);
  pair('asking-only', asking && !wrong && !incident);
  pair('hit-with-workaround', hit && has('workaround'));
  pair('degraded-only', has('degraded') && !hit);
  pair('minor-no-hit', has('minor') && !has('work-stopped') && !wide);
  pair('single-not-wide', has('single-user') && !wide);
  pair('no-cues', !wrong && !incident && !asking && !has('minor'));
  pair('shouting', shouts(text));
  pair('title-question', /\?\s*$/.test(title));
  return features;
}
