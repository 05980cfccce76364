/**
 * The situations the generated corpus is made of. Each scenario is one kind of
 * support request with several ways of titling and describing it, the category a
 * support lead would file it under, the priority they would give it (often
 * depending on how many people are affected), and the skills needed to resolve it.
 * Some scenarios are deliberately ambiguous (a category split between two labels),
 * as real tickets are.
 */
import type { Priority, TriageCategory } from '@relaydesk/shared';
import type { Scope, SlotValue } from './phrasing.js';

export type Weighted<T extends string> = T | Partial<Record<T, number>>;

export interface Scenario {
  id: string;
  /** How often this scenario occurs relative to the others. */
  weight: number;
  category: Weighted<TriageCategory>;
  /** Category used instead when many people are affected (e.g. a login failure becomes an incident). */
  widespreadCategory?: Weighted<TriageCategory>;
  /** A fixed priority, or one per scope for scenarios whose urgency depends on how many are affected. */
  priority: Weighted<Priority> | { byScope: Record<Scope, Weighted<Priority>> };
  skills: readonly string[];
  titles: readonly string[];
  details: readonly string[];
  /** Which context sentences fit this scenario. */
  context: 'web' | 'account' | 'billing' | 'general';
  /** Whether deadline / no-rush remarks move the label (not for things already urgent or trivially low). */
  adjustable?: boolean;
  /** Slot values that only this scenario uses. */
  slots?: Readonly<Record<string, readonly SlotValue[]>>;
}

export const SCENARIOS: readonly Scenario[] = [
  // ─── account ──────────────────────────────────────────────────────────────
  {
    id: 'password-reset-email-missing',
    weight: 3,
    category: 'account',
    priority: { byScope: { single: { medium: 0.8, low: 0.2 }, some: 'medium', widespread: 'high' } },
    skills: ['authentication', 'email'],
    context: 'account',
    adjustable: true,
    titles: [
      'Password reset email never arrives', 'Not getting the reset password link', 'reset link not coming through',
      'Forgot password email missing', 'No password reset mail', 'Reset password link expired immediately',
      "Can't reset my password",
    ],
    details: [
      "I clicked 'Forgot password' [three times|twice|several times] but nothing shows up in my inbox.",
      'I checked spam and promotions, no reset email.', 'The reset link I got says it has expired as soon as I open it.',
      'I need to get back into my account to finish some work in the {area}.',
      'The email address on the account is {email}.', 'Could you send the reset link manually?',
      'Waited 30 minutes and tried again, still nothing.',
    ],
  },
  {
    id: 'two-factor-lockout',
    weight: 3,
    category: 'account',
    priority: { medium: 0.4, high: 0.6 },
    skills: ['authentication'],
    context: 'account',
    adjustable: true,
    titles: [
      "Lost my phone, can't get past 2FA", 'Locked out – two-factor codes not working',
      "Authenticator app reset, now I can't log in", '2FA code always invalid', 'Need 2FA reset on my account',
      'MFA locked me out',
    ],
    details: [
      "I got a new phone and my authenticator app didn't transfer.", "Every code I enter says 'invalid code'.",
      "I don't have my backup codes anymore.", "I'm the only admin on our workspace so nobody else can reset it.",
      'The SMS code never arrives on my new number.', 'Can you disable two-factor authentication so I can set it up again?',
      "I'm completely locked out of my account.",
    ],
  },
  {
    id: 'cannot-log-in',
    weight: 6,
    category: 'account',
    widespreadCategory: { bug: 0.6, account: 0.4 },
    priority: { byScope: { single: { medium: 0.6, high: 0.4 }, some: 'high', widespread: 'urgent' } },
    skills: ['authentication'],
    context: 'account',
    adjustable: true,
    titles: [
      "Can't log in", 'Login not working', 'cannot sign in to my account', 'Login page keeps refreshing',
      'Stuck on the login screen', 'Unable to login {timeRef}', 'Sign-in loop', 'login broken?',
      "Can't access my account",
    ],
    details: [
      'When I enter my email and password the page just reloads.',
      "I get 'Invalid credentials' even though I'm sure the password is right.",
      "After logging in I'm immediately logged out again.", 'The SSO button sends me back to the login page in a loop.',
      "It says 'Something went wrong' after I hit Sign in.", 'I reset my password twice and it still rejects it.',
      'The login form just spins forever.', 'Tried {browser} and the mobile app, neither works.',
    ],
  },
  {
    id: 'change-account-email',
    weight: 2,
    category: { account: 0.7, how_to: 0.3 },
    priority: { low: 0.85, medium: 0.15 },
    skills: [],
    context: 'account',
    titles: [
      'How do I change the email on my account?', 'Update login email address', 'Change my username',
      'Need to change account email after rebrand', 'Rename my account',
    ],
    details: [
      'Our company changed its domain and I need my login to use the new address.',
      "I can't find where to edit my email in the profile settings.", 'The old address is {email}.',
      'Is it possible to change the username without losing my tickets?', 'I got married and changed my name.',
    ],
  },
  {
    id: 'delete-account',
    weight: 2,
    category: 'account',
    priority: { low: 0.6, medium: 0.4 },
    skills: [],
    context: 'account',
    titles: [
      'Please delete my account', 'Close our account and remove data', 'Account deletion request',
      'GDPR erasure request', 'Cancel and delete workspace',
    ],
    details: [
      "We've moved to another tool and want our data deleted.",
      'Please confirm once all personal data has been removed as required by GDPR.',
      "I can't find a delete button in the settings.", 'Please also remove my colleague {email}.',
      'We no longer need the service.',
    ],
  },
  {
    id: 'team-permissions',
    weight: 3,
    category: 'account',
    priority: { byScope: { single: { low: 0.4, medium: 0.6 }, some: 'medium', widespread: 'high' } },
    skills: [],
    context: 'account',
    adjustable: true,
    titles: [
      "Teammate can't see the projects I shared", 'Invite link expired', 'Need admin rights transferred',
      "Can't invite new members", 'Wrong role assigned to new agent', 'Permission denied on {area}',
    ],
    details: [
      'Our previous admin left the company and nobody has admin rights now.',
      'The invite button is greyed out for me.', "New agents get 'You do not have access' when opening the {area}.",
      'I invited {email} but the invitation link says it expired.', 'I need to make {name} an owner of the workspace.',
      "Roles don't seem to save when I change them.",
    ],
  },
  {
    id: 'account-suspended',
    weight: 1.5,
    category: { account: 0.7, billing: 0.3 },
    priority: { high: 0.7, urgent: 0.3 },
    skills: ['billing'],
    context: 'account',
    titles: [
      'Our account was suspended without warning', 'Workspace deactivated??', 'Account locked for non-payment but we paid',
      'Why is our workspace suspended',
    ],
    details: [
      'We got an email saying our workspace is suspended for a failed payment but our card is fine.',
      'None of our agents can access tickets now.', 'We paid invoice {orderNumber} last week.',
      'Please reactivate it as soon as possible, customers are waiting.',
    ],
  },
  {
    id: 'sso-configuration',
    weight: 2,
    category: { account: 0.4, integration: 0.6 },
    priority: { byScope: { single: 'medium', some: 'high', widespread: 'urgent' } },
    skills: ['authentication', 'integrations'],
    context: 'account',
    titles: [
      "SAML SSO login fails with 'invalid audience'", 'Okta SSO not working', 'SSO broken after certificate rotation',
      'Azure AD single sign-on error', 'Google SSO redirects to error page',
    ],
    details: [
      'We rotated the SAML signing certificate in Okta {timeRef}.',
      "The error says 'Audience restriction not met'.", 'Users get redirected back to the IdP in a loop.',
      'Our IT team double-checked the entity ID and ACS URL.', 'Password login still works for the owner account.',
    ],
  },

  // ─── billing ──────────────────────────────────────────────────────────────
  {
    id: 'double-charge',
    weight: 3,
    category: 'billing',
    priority: { medium: 0.6, high: 0.4 },
    skills: ['billing', 'payments'],
    context: 'billing',
    adjustable: true,
    titles: [
      'Charged twice for {plan} plan', 'Double charge on my card', 'Why was I billed two times?',
      'Duplicate payment of {amount}', 'billed twice this month', 'Two charges for one subscription',
    ],
    details: [
      'My bank statement shows two charges of {amount} on the same day.',
      'I only have one workspace but got two invoices.', 'Please refund the duplicate charge.',
      'This is the second time this has happened.', 'The charges are dated {month} 3rd.',
    ],
  },
  {
    id: 'invoice-request',
    weight: 3,
    category: 'billing',
    priority: { low: 0.85, medium: 0.15 },
    skills: ['billing'],
    context: 'billing',
    titles: [
      'Need an invoice with our VAT number', 'Can I get a receipt for last month?', 'Invoice address is wrong',
      'Invoices for {month}', 'Company name on invoice', 'Where do I download invoices',
    ],
    details: [
      'Our accounting team needs the VAT ID on every invoice.', 'Could you resend the invoice for {month}?',
      'The billing address should be our new office.', "I can't find past receipts in the billing page.",
      'Please add our purchase order number {orderNumber} to the invoice.',
    ],
  },
  {
    id: 'refund-request',
    weight: 2.5,
    category: 'billing',
    priority: { low: 0.3, medium: 0.7 },
    skills: ['billing', 'payments'],
    context: 'billing',
    adjustable: true,
    titles: [
      'Refund request for annual plan', 'Cancelled but still charged', 'Please refund — accidental upgrade',
      'Refund for unused seats', 'Charged after cancellation',
    ],
    details: [
      'I cancelled in {month} but was charged {amount} again.', 'I upgraded to {plan} by mistake.',
      "We've only used it for two days.", 'Can you refund the difference to the original card?',
      'We removed 10 seats but are still paying for them.',
    ],
  },
  {
    id: 'card-declined',
    weight: 2.5,
    category: 'billing',
    priority: { medium: 0.8, low: 0.1, high: 0.1 },
    skills: ['payments', 'billing'],
    context: 'billing',
    adjustable: true,
    titles: [
      'My card keeps getting declined', 'Payment failed when upgrading to {plan}', 'Cannot update credit card',
      'Card declined on renewal', 'Payment method not accepted',
    ],
    details: [
      "The card works everywhere else, but your checkout says 'card declined'.",
      'I tried two different Visa cards.', 'Our renewal is due {timeRef} and I want to avoid interruption.',
      'The update payment method form throws an error.', 'My bank says they never saw the attempt.',
    ],
  },
  {
    id: 'plan-change',
    weight: 2,
    category: { billing: 0.6, how_to: 0.4 },
    priority: 'low',
    skills: ['billing'],
    context: 'billing',
    titles: [
      'How do I downgrade to the Starter plan?', 'Switch from monthly to annual billing', 'Upgrade to {plan}',
      'Change subscription plan', 'Add more seats to our plan',
    ],
    details: [
      'We have fewer agents now and want to pay less.', 'Do we get a discount for paying yearly?',
      'Will we lose any data if we downgrade?', 'We need 5 more seats for new hires.',
      "I can't find the option in the billing page.",
    ],
  },
  {
    id: 'seat-count-wrong',
    weight: 2,
    category: 'billing',
    priority: { medium: 0.7, low: 0.3 },
    skills: ['billing'],
    context: 'billing',
    adjustable: true,
    titles: [
      'Billed for 25 seats but we only have 10 users', 'Seat count on invoice is wrong', 'Overcharged for users',
      'Invoice total higher than expected',
    ],
    details: [
      'We deactivated several agents last month but they are still billed.', 'The invoice shows {amount} instead of the usual.',
      'Please correct the seat count and issue a credit.', 'Guest users should be free according to your pricing page.',
    ],
  },
  {
    id: 'customer-payments-failing',
    weight: 2.5,
    category: { billing: 0.5, bug: 0.3, integration: 0.2 },
    priority: { byScope: { single: 'high', some: 'high', widespread: 'urgent' } },
    skills: ['payments', 'api'],
    context: 'general',
    titles: [
      "Checkout is broken – customers can't pay", 'Payments failing on our store', 'Stripe payments failing {timeRef}',
      'All transactions declined with error', 'Payment page errors for our customers',
    ],
    details: [
      "Every checkout attempt ends with 'Payment could not be processed'.",
      'Our Stripe dashboard shows no new charges {timeRef}.', 'We are losing sales every minute this is broken.',
      'The payment widget shows a spinner and then times out.', 'The embedded payment form returns {errorCode}.',
    ],
  },
  {
    id: 'tax-question',
    weight: 1.5,
    category: 'billing',
    priority: { low: 0.7, medium: 0.3 },
    skills: ['billing'],
    context: 'billing',
    titles: [
      'VAT was added incorrectly', 'We are tax-exempt, please remove sales tax', 'Reverse charge VAT missing',
      'Tax on invoice looks wrong',
    ],
    details: [
      'We are a registered business in the EU and should not be charged VAT.', 'I attached our exemption certificate.',
      'Sales tax of 8% was added on the last invoice.', 'Can you reissue the invoice without tax?',
    ],
  },

  // ─── bug ──────────────────────────────────────────────────────────────────
  {
    id: 'button-does-nothing',
    weight: 4,
    category: 'bug',
    priority: { byScope: { single: 'medium', some: 'medium', widespread: 'high' } },
    skills: ['javascript'],
    context: 'web',
    adjustable: true,
    titles: [
      'Save button does nothing on the {area}', "Can't click 'Submit' on the form", 'Nothing happens when I click Export',
      'Buttons unresponsive in {browser}', 'Assign button broken', 'Reply button not working',
    ],
    details: [
      "The console shows 'Uncaught TypeError: Cannot read properties of undefined'.", 'It worked last week.',
      'Tried in {browser} and in incognito, same thing.', 'No error message, the click is just ignored.',
      'Keyboard shortcut does the same thing, nothing happens.', 'It started after the new editor rolled out.',
    ],
  },
  {
    id: 'server-error-on-save',
    weight: 4,
    category: 'bug',
    priority: { byScope: { single: 'medium', some: 'high', widespread: 'urgent' } },
    skills: ['api'],
    context: 'web',
    adjustable: true,
    titles: [
      'Getting error {errorCode} when saving', 'Server error when creating a project', "'Something went wrong' on every save",
      'Error when updating tickets', 'Cannot save changes - error {errorCode}',
    ],
    details: [
      'Every time I hit save I get a red banner with {errorCode}.', 'The request ID in the error was 7f3a-22c1.',
      'Smaller edits sometimes go through, bigger ones fail.', 'Changes are lost after the error.',
      'It fails both on the web app and through the API.',
    ],
  },
  {
    id: 'cosmetic-ui-glitch',
    weight: 5,
    category: 'bug',
    priority: { low: 0.9, medium: 0.1 },
    skills: ['css'],
    context: 'web',
    titles: [
      'Sidebar overlaps the content on small screens', 'Text cut off in the {area}', 'Icons misaligned in {browser}',
      'Dark mode makes labels unreadable', 'Typo on the pricing page', 'Logo looks blurry on retina screens',
      'Dropdown menu hidden behind the header', 'Wrong font in email preview', 'Tooltip stays visible after hover',
    ],
    details: [
      'Purely cosmetic but it looks unprofessional.', 'Screenshot attached.',
      'Only happens when the window is narrower than about 1200px.', "It's been like this for a while.",
      'The colour contrast is too low to read.', 'Not blocking anything, just noticed it.',
      'The layout jumps when the page finishes loading.',
    ],
  },
  {
    id: 'mobile-app-crash',
    weight: 3.5,
    category: 'bug',
    priority: { byScope: { single: 'medium', some: 'high', widespread: 'high' } },
    skills: ['mobile'],
    context: 'general',
    adjustable: true,
    titles: [
      'App crashes on launch on my {device}', 'Mobile app keeps closing', 'App crash when opening attachments',
      'iOS app freezes then crashes', 'Android app force closes', 'App closes when I tap notifications',
    ],
    details: [
      "It crashes right after the splash screen on my {device}.", 'I reinstalled the app, no change.',
      "I'm on app version {version}.", 'It happens every time I open a ticket with images.',
      'The web version works fine.', 'Started after the latest app update.',
    ],
  },
  {
    id: 'notifications-not-sent',
    weight: 3,
    category: 'bug',
    priority: { byScope: { single: 'low', some: 'medium', widespread: 'high' } },
    skills: ['email'],
    context: 'general',
    adjustable: true,
    titles: [
      'Not receiving email notifications', 'Notification emails stopped', "Mentions don't send emails anymore",
      'No alerts for new tickets', 'Email digest not arriving',
    ],
    details: [
      'I have notifications turned on in my profile.', 'Nothing in spam either.', 'This started {timeRef}.',
      'In-app notifications still work, only email is broken.', 'We rely on these to respond in time.',
    ],
  },
  {
    id: 'export-wrong-data',
    weight: 3,
    category: 'bug',
    priority: { medium: 0.7, low: 0.3 },
    skills: ['import-export'],
    context: 'web',
    adjustable: true,
    titles: [
      '{format} export is missing columns', 'Exported {format} file is empty', 'Dates wrong in Excel export',
      'Report export cuts off after 1000 rows', 'Export downloads a broken file',
    ],
    details: [
      'The custom fields are not in the export.', 'The file downloads but has only the header row.',
      'All dates are shifted by one day.', 'Our monthly reporting depends on this export.',
      "Excel says the file is corrupted and can't open it.",
    ],
  },
  {
    id: 'data-loss',
    weight: 3,
    category: { bug: 0.85, other: 0.15 },
    priority: { urgent: 0.85, high: 0.15 },
    skills: ['database'],
    context: 'general',
    titles: [
      'All our tickets disappeared', 'Data missing after update', 'Projects deleted — we did not delete them!',
      'Lost a week of data', 'Customer records gone', 'Where did our knowledge base articles go??',
    ],
    details: [
      'When we logged in this morning the whole {area} was empty.',
      'We did not delete anything, and there is nothing in the trash.', 'This is critical, our team depends on this data.',
      'About {count} records are gone since the maintenance window.', 'Please restore from a backup immediately.',
      'Our history before {month} has been wiped.',
    ],
  },
  {
    id: 'wrong-dates',
    weight: 2,
    category: 'bug',
    priority: { low: 0.5, medium: 0.5 },
    skills: ['javascript'],
    context: 'web',
    adjustable: true,
    titles: [
      'Due dates shown one day off', 'Wrong time zone on reports', 'Timestamps are in UTC instead of local time',
      'SLA timer shows negative hours',
    ],
    details: [
      'My profile time zone is set to Berlin.', 'Tickets created after 11pm show tomorrow\'s date.',
      'It confuses our agents about deadlines.', 'Daylight saving change seems to have broken it.',
    ],
  },
  {
    id: 'search-broken',
    weight: 2,
    category: 'bug',
    priority: { medium: 0.8, low: 0.2 },
    skills: ['database'],
    context: 'web',
    adjustable: true,
    titles: [
      "Search doesn't find tickets I know exist", 'Search results empty', 'Search ignores ticket numbers',
      'Filtering by tag returns nothing',
    ],
    details: [
      'Searching for the exact subject line returns no results.', 'It worked fine until {timeRef}.',
      'Old tickets are found but nothing from this week.', 'Search with quotes throws an error.',
    ],
  },
  {
    id: 'upload-fails',
    weight: 2,
    category: 'bug',
    priority: { medium: 0.7, low: 0.3 },
    skills: [],
    context: 'web',
    adjustable: true,
    titles: [
      "Can't upload attachments larger than 5MB", 'Upload stuck at 99%', 'File upload fails with error',
      'Images not attaching to replies',
    ],
    details: [
      'Small files work, anything bigger fails.', 'The progress bar freezes and then errors out.',
      'Our customers send screenshots we need to attach.', 'Drag and drop does nothing.',
    ],
  },
  {
    id: 'site-outage',
    weight: 3.5,
    category: { bug: 0.6, performance: 0.2, other: 0.2 },
    priority: { urgent: 0.9, high: 0.1 },
    skills: ['devops', 'networking'],
    context: 'general',
    titles: [
      'Site is down', 'Your service is down?', '{errorCode} errors everywhere — app not loading',
      'Complete outage for our workspace', 'Is RelayDesk down??', 'Nothing loads at all', 'Down for everyone here',
    ],
    details: [
      'Every page returns a {errorCode}.', 'Your status page says all systems operational but nothing loads.',
      'None of our {teamSize} agents can work.', "We're on the {plan} plan and this is blocking our entire support team.",
      'It was working an hour ago.', 'We checked from two different networks and a phone on 4G.',
    ],
  },
  {
    id: 'self-hosted-deploy-failure',
    weight: 2,
    category: { bug: 0.6, how_to: 0.2, integration: 0.2 },
    priority: { high: 0.7, medium: 0.3 },
    skills: ['devops', 'docker', 'kubernetes'],
    context: 'general',
    titles: [
      'Production deployment failing after upgrading to v{version}', 'Docker container exits on startup',
      'Helm chart upgrade broke our on-prem install', 'Self-hosted instance will not start',
    ],
    details: [
      'Our Docker container exits with code 1 right after start.',
      "The Kubernetes pod is in CrashLoopBackOff with 'MONGO_URI is not defined'.", 'Staging works but production fails.',
      'We followed the upgrade guide for {version}.', 'Logs show a migration error and then the process stops.',
    ],
  },

  // ─── performance ──────────────────────────────────────────────────────────
  {
    id: 'dashboard-slow',
    weight: 5,
    category: 'performance',
    priority: { byScope: { single: 'low', some: 'medium', widespread: 'high' } },
    skills: ['performance'],
    context: 'web',
    adjustable: true,
    titles: [
      'Dashboard takes forever to load', 'Very slow {area}', 'Everything is sluggish today', 'Reports page timing out',
      'App super slow', 'Loading spinner for ages', 'Pages load really slowly',
    ],
    details: [
      'It takes 30+ seconds to open the {area}.', 'Sometimes it times out with a {errorCode}.',
      'Our internet is fine, other sites are fast.', 'Typing in the reply box lags behind.',
      'It gets worse in the afternoon (European time).', 'We have around 50k tickets in the workspace.',
    ],
  },
  {
    id: 'api-latency',
    weight: 3,
    category: { performance: 0.7, integration: 0.3 },
    priority: { medium: 0.6, high: 0.4 },
    skills: ['api', 'performance'],
    context: 'general',
    adjustable: true,
    titles: [
      'API response times over 5 seconds', 'Requests to /v1/tickets very slow', 'API timeouts {timeRef}',
      'Slow API responses and 429s', 'Latency spike on the REST API',
    ],
    details: [
      'Our p95 latency went from 200ms to 6s.', 'Our sync job now takes hours instead of minutes.',
      'We get 429 Too Many Requests even though we are under the documented rate limit.',
      'Requests from our EU servers are much slower than from the US.', 'The request IDs are in the attached log.',
    ],
  },
  {
    id: 'mobile-app-slow',
    weight: 2,
    category: 'performance',
    priority: { low: 0.5, medium: 0.5 },
    skills: ['mobile', 'performance'],
    context: 'general',
    adjustable: true,
    titles: [
      'Mobile app is slow on my {device}', 'App laggy when scrolling tickets', 'Android app takes ages to open',
      'iPhone app drains battery and lags',
    ],
    details: [
      'Scrolling the ticket list stutters badly on my {device}.', 'Opening a ticket takes 10 seconds.',
      'My phone gets hot after a few minutes in the app.', 'Wi-Fi or mobile data makes no difference.',
    ],
  },
  {
    id: 'slow-search-large-workspace',
    weight: 2,
    category: 'performance',
    priority: { medium: 0.7, high: 0.3 },
    skills: ['database', 'performance'],
    context: 'web',
    adjustable: true,
    titles: [
      'Search is extremely slow with large workspace', 'Filters take a minute to apply', 'Report queries timing out',
      'Ticket list slow with many tags',
    ],
    details: [
      'We have over 200k tickets and search takes 40 seconds.', 'The reports page often gives up with a timeout.',
      'It seems to be the custom field filters that are slow.', 'Sorting by last updated makes it even worse.',
    ],
  },
  {
    id: 'browser-freezes',
    weight: 2,
    category: { performance: 0.7, bug: 0.3 },
    priority: { low: 0.4, medium: 0.6 },
    skills: ['javascript', 'performance'],
    context: 'web',
    adjustable: true,
    titles: [
      'Tab freezes when opening a long ticket', 'High CPU usage in {browser}', 'Browser becomes unresponsive',
      'Memory usage keeps growing',
    ],
    details: [
      "Task manager shows the tab using 2GB of memory.", 'The fans spin up as soon as I open the {area}.',
      'A ticket with 300 replies makes the page hang.', "Chrome says 'page unresponsive'.",
    ],
  },

  // ─── security ─────────────────────────────────────────────────────────────
  {
    id: 'suspicious-login',
    weight: 3,
    category: 'security',
    priority: { high: 0.6, urgent: 0.4 },
    skills: ['security', 'authentication'],
    context: 'account',
    titles: [
      'Suspicious login from another country', 'Someone logged into my account', "Got a login alert I didn't trigger",
      'Unknown device in my sessions list', 'New sign-in from {country}?',
    ],
    details: [
      'I received an email about a new sign-in from {country}.', "I've changed my password already, what else should I do?",
      "There is a session in my account from a device I don't own.", 'Can you check the access logs for my user?',
      'I have 2FA enabled, so how is this possible?',
    ],
  },
  {
    id: 'account-compromised',
    weight: 2.5,
    category: 'security',
    priority: { urgent: 0.9, high: 0.1 },
    skills: ['security'],
    context: 'general',
    titles: [
      'Our account has been hacked', 'Possible data breach', 'Someone is sending tickets from our admin account',
      'Compromised admin user', 'Unauthorized changes to our workspace',
    ],
    details: [
      'Replies are being sent to customers that none of us wrote.',
      'An unknown admin user was added {timeRef}.', 'Customer data may have been exported.',
      'We have disabled the affected user but need your logs.', 'Please lock the workspace until we know more.',
    ],
  },
  {
    id: 'leaked-api-key',
    weight: 2,
    category: 'security',
    priority: { urgent: 0.6, high: 0.4 },
    skills: ['security', 'api'],
    context: 'general',
    titles: [
      'I accidentally committed our API key to a public repo', 'Need to rotate API key urgently',
      'API key exposed in a screenshot', 'Leaked API token',
    ],
    details: [
      'The key was public on GitHub for about two hours.', 'It is the production key our backend uses.',
      'How do I revoke it and issue a new one?', 'Can you tell us whether the key was used by anyone else?',
    ],
  },
  {
    id: 'vulnerability-report',
    weight: 2,
    category: 'security',
    priority: { high: 0.7, medium: 0.3 },
    skills: ['security', 'javascript'],
    context: 'general',
    titles: [
      'Security vulnerability: stored XSS in comments', 'Responsible disclosure – IDOR in /api/users',
      'Found an open redirect', 'Possible CSRF on settings form',
    ],
    details: [
      'A comment containing a script tag is executed for every agent who opens the ticket.',
      'Changing the user ID in the URL shows another customer\'s profile.', 'I can share a proof of concept privately.',
      'I am a security researcher and follow responsible disclosure.',
    ],
  },
  {
    id: 'phishing-email',
    weight: 2,
    category: 'security',
    priority: { medium: 0.6, high: 0.4 },
    skills: ['security', 'email'],
    context: 'general',
    titles: [
      'Phishing email pretending to be from you', 'Got a suspicious email asking for my password',
      'Fake invoice email with your logo', 'Is this email from RelayDesk legit?',
    ],
    details: [
      'The sender address looks similar to yours but the domain is misspelled.',
      'It asks me to log in through a link to verify my account.', 'Several colleagues received it too.',
      "I didn't click anything. Forwarding it so you can warn others.",
    ],
  },
  {
    id: 'security-questionnaire',
    weight: 2,
    category: { security: 0.6, other: 0.4 },
    priority: { low: 0.8, medium: 0.2 },
    skills: ['security'],
    context: 'general',
    titles: [
      'Do you have SOC 2?', 'Security questionnaire for procurement', 'Where is our data stored?',
      'Need your DPA and pentest report', 'Encryption at rest question',
    ],
    details: [
      'Our procurement team needs this before we can renew.', 'Is customer data stored in the EU?',
      'Do you encrypt attachments at rest?', 'We need a signed data processing agreement.',
    ],
  },

  // ─── integration ──────────────────────────────────────────────────────────
  {
    id: 'integration-sync-broken',
    weight: 5,
    category: 'integration',
    priority: { byScope: { single: 'medium', some: 'medium', widespread: 'high' } },
    skills: [],
    context: 'general',
    adjustable: true,
    titles: [
      '{integration} notifications stopped', '{integration} integration disconnected', '{integration} sync not working',
      'Tickets not syncing to {integration}', '{integration} keeps asking to reauthorize',
    ],
    details: [
      'The integration page says connected but nothing arrives.', 'It stopped {timeRef}.',
      'We reconnected it twice, works for an hour and stops again.', 'Duplicates are being created on the other side.',
      "Error in the integration log: 'token expired'.",
    ],
  },
  {
    id: 'webhooks-not-firing',
    weight: 3,
    category: 'integration',
    priority: { medium: 0.6, high: 0.4 },
    skills: ['api', 'integrations'],
    context: 'general',
    adjustable: true,
    titles: [
      'Webhooks not firing', 'Webhook deliveries failing with {errorCode}', 'No webhook events {timeRef}',
      'Webhook signature verification fails', 'Duplicate webhook deliveries',
    ],
    details: [
      'Our endpoint is up and returns 200 to test requests.', 'The delivery log shows retries and then failure.',
      'The signature header does not match with our signing secret.', 'We receive each event three times.',
      'Our order workflow depends on these events.',
    ],
  },
  {
    id: 'api-auth-errors',
    weight: 3,
    category: { integration: 0.7, bug: 0.3 },
    priority: { medium: 0.8, high: 0.2 },
    skills: ['api', 'authentication'],
    context: 'general',
    adjustable: true,
    titles: [
      'API returns 401 with a valid key', 'Getting 403 Forbidden from the REST API', 'OAuth token refresh fails',
      'API key stopped working', 'Unauthorized error from API',
    ],
    details: [
      'Our integration has used this API key for a year without issues.', 'The response body is {"error":"invalid_token"}.',
      'We send it as a Bearer header as the docs say.', 'Refreshing the OAuth token returns invalid_grant.',
      'It works in Postman but not from our server.',
    ],
  },
  {
    id: 'calendar-duplicates',
    weight: 2,
    category: 'integration',
    priority: { low: 0.6, medium: 0.4 },
    skills: ['integrations'],
    context: 'general',
    adjustable: true,
    titles: [
      'Google Calendar sync creates duplicates', 'Outlook calendar events missing', 'Calendar integration double-booking',
      'Meetings show twice in calendar',
    ],
    details: [
      'Every scheduled call appears twice.', 'Cancelled meetings stay in the calendar.',
      'We use shared team calendars.', 'It only affects recurring events.',
    ],
  },
  {
    id: 'email-channel-broken',
    weight: 3,
    category: { integration: 0.6, bug: 0.4 },
    priority: { byScope: { single: 'medium', some: 'high', widespread: 'high' } },
    skills: ['email', 'integrations'],
    context: 'general',
    adjustable: true,
    titles: [
      "Emails to our support address aren't creating tickets", 'Email forwarding stopped working',
      'Our replies land in customers\' spam', 'Custom email domain not verified', 'DKIM verification failing',
    ],
    details: [
      'We forward support@ to the address from the channel settings.', 'Nothing has come in {timeRef}.',
      'Customers tell us our replies end up in spam.', 'The SPF and DKIM records are set up as in the guide.',
      'Gmail shows a warning banner on our replies.',
    ],
  },
  {
    id: 'custom-domain-ssl',
    weight: 2,
    category: { integration: 0.5, bug: 0.3, how_to: 0.2 },
    priority: { medium: 0.7, high: 0.3 },
    skills: ['networking'],
    context: 'general',
    adjustable: true,
    titles: [
      'Custom domain for help center shows SSL error', 'Certificate error on help.ourdomain.com',
      'CNAME set but domain not connecting', 'Help center domain not working',
    ],
    details: [
      'Browsers say the certificate is not valid for our domain.', 'The CNAME has pointed to your host for 48 hours.',
      'DNS checker shows the record correctly.', 'Our customers see a privacy warning.',
    ],
  },
  {
    id: 'data-import-fails',
    weight: 2,
    category: { integration: 0.6, bug: 0.4 },
    priority: { medium: 0.8, high: 0.2 },
    skills: ['import-export', 'integrations'],
    context: 'general',
    adjustable: true,
    titles: [
      'Importing from {competitor} fails halfway', 'CSV import rejects our file', 'Migration import stuck',
      'Contacts import skipped half the rows',
    ],
    details: [
      'The importer stops at about 40% with no error message.', 'It says row 1532 is invalid but looks fine.',
      'We are migrating {teamSize} agents this week.', 'The file is UTF-8 with a header row.',
    ],
  },

  // ─── how to ───────────────────────────────────────────────────────────────
  {
    id: 'how-to-question',
    weight: 10,
    category: 'how_to',
    priority: { low: 0.85, medium: 0.15 },
    skills: [],
    context: 'general',
    slots: {
      topic: [
        { text: 'export all tickets to {format}', skills: ['import-export'] }, { text: 'add a teammate', skills: [] },
        { text: 'set up a webhook', skills: ['api', 'integrations'] },
        { text: 'connect {integration}', skills: ['integrations'] }, { text: 'change my time zone', skills: [] },
        { text: 'set up SSO with Okta', skills: ['authentication'] }, { text: 'find my API key', skills: ['api'] },
        { text: 'create a custom field', skills: [] }, { text: 'change the interface language', skills: [] },
        { text: 'set up email forwarding', skills: ['email'] },
        { text: 'embed the chat widget on our website', skills: ['javascript'] },
        { text: 'use the app on my {device}', skills: ['mobile'] },
        { text: 'customise the colours of the help center', skills: ['css'] },
        { text: 'merge two tickets', skills: [] }, { text: 'create canned responses', skills: [] },
        { text: 'set business hours for SLAs', skills: [] }, { text: 'enable two-factor authentication', skills: ['authentication'] },
        { text: 'restrict access by IP address', skills: ['networking', 'security'] },
        { text: 'bulk close old tickets', skills: [] }, { text: 'add tags automatically', skills: [] },
      ],
    },
    titles: [
      'How do I {topic}?', 'Question: {topic}', 'Is it possible to {topic}?', 'How can I {topic}', 'Help with how to {topic}',
      'how to {topic}', 'Where can I {topic}?', 'Quick question about how to {topic}',
    ],
    details: [
      'I looked in the docs but couldn\'t find it.', 'Is there a guide for this?', 'Sorry if this is a basic question.',
      "We're new to the platform.", 'A step-by-step would be great.', 'Our admin is on holiday so I am trying myself.',
      'I saw it mentioned in a webinar.', 'Can you point me to the right setting?',
    ],
  },
  {
    id: 'how-to-reporting',
    weight: 3,
    category: 'how_to',
    priority: { low: 0.8, medium: 0.2 },
    skills: [],
    context: 'general',
    titles: [
      'How to see average response time per agent?', 'Creating a weekly report', 'Where are the CSAT numbers?',
      'Schedule a report by email', 'Report on tickets per tag',
    ],
    details: [
      'My manager wants a weekly summary.', 'I can only find the overall numbers, not per agent.',
      'Is there a way to filter the report by team?', 'Ideally it would be emailed every Monday.',
    ],
  },

  // ─── feature request ──────────────────────────────────────────────────────
  {
    id: 'feature-request',
    weight: 9,
    category: 'feature_request',
    priority: { low: 0.9, medium: 0.1 },
    skills: [],
    context: 'general',
    slots: {
      feature: [
        { text: 'dark mode', skills: ['css'] }, { text: 'bulk editing of tickets', skills: [] },
        { text: 'keyboard shortcuts', skills: [] }, { text: 'a Kanban board view', skills: [] },
        { text: 'custom fields on contacts', skills: [] }, { text: 'recurring tickets', skills: [] },
        { text: 'an offline mode for the mobile app', skills: ['mobile'] },
        { text: 'more granular permissions', skills: [] }, { text: 'saved filters', skills: [] },
        { text: 'export to PDF', skills: ['import-export'] }, { text: 'two-way calendar sync', skills: ['integrations'] },
        { text: 'an audit log', skills: ['security'] }, { text: 'custom email templates', skills: ['email'] },
        { text: 'a public API for reports', skills: ['api'] }, { text: 'emoji reactions on comments', skills: [] },
        { text: 'SAML SSO on the Team plan', skills: ['authentication'] }, { text: 'a native Linux app', skills: [] },
        { text: 'multi-language help center', skills: [] }, { text: 'a Microsoft Teams integration', skills: ['integrations'] },
        { text: 'webhook filters', skills: ['api', 'integrations'] },
      ],
    },
    titles: [
      'Feature request: {feature}', 'Please add {feature}', 'Would love {feature}', 'Suggestion – {feature}',
      'Any plans for {feature}?', 'Idea: {feature}', '{feature} please!', 'Request for {feature}',
    ],
    details: [
      'It would save our team a lot of time.', '{competitor} already has it.', "We'd be happy to beta test.",
      'This is the main thing stopping us from upgrading to {plan}.', 'Our agents ask for this every week.',
      'Is it on the roadmap?', 'Even a basic version would help.', 'Love the product otherwise!',
    ],
  },
  {
    id: 'feature-or-question',
    weight: 2,
    category: { feature_request: 0.5, how_to: 0.5 },
    priority: 'low',
    skills: [],
    context: 'general',
    titles: [
      'Can we schedule replies?', 'Is there a way to snooze tickets?', 'Can tickets be auto-assigned by language?',
      'Possible to hide closed tickets from the list?', 'Can I set different SLAs per customer?',
    ],
    details: [
      "I couldn't find this in the settings.", 'If not, consider this a feature request.',
      'Other tools we tried had this.', 'It would really help our night shift.',
    ],
  },

  // ─── other ────────────────────────────────────────────────────────────────
  {
    id: 'sales-partnership',
    weight: 3,
    category: 'other',
    priority: 'low',
    skills: [],
    context: 'general',
    titles: [
      'Partnership inquiry', 'Reseller program?', 'Talk to sales about Enterprise', 'Press inquiry',
      'Agency partnership', 'Collaboration opportunity',
    ],
    details: [
      'We are an agency working with 30+ clients who could use your product.',
      "I'm a journalist writing about customer support tools.", 'Who is the right person to talk to?',
      'We would like a demo for our leadership team.', 'Do you offer discounts for non-profits?',
    ],
  },
  {
    id: 'feedback-praise',
    weight: 2.5,
    category: 'other',
    priority: 'low',
    skills: [],
    context: 'general',
    titles: [
      'Just wanted to say thanks', 'Great product!', 'Feedback on the new design', 'Kudos to {name} from support',
      'Love the latest update',
    ],
    details: [
      'Your support team solved our issue in minutes.', 'The new inbox layout is much cleaner.',
      "I'm not sure about the new colours but the speed is great.", 'Keep up the good work.',
    ],
  },
  {
    id: 'unclear-request',
    weight: 2.5,
    category: 'other',
    priority: { low: 0.7, medium: 0.3 },
    skills: [],
    context: 'general',
    titles: ['Question', 'help', 'hello?', 'Not sure who to contact', 'Test ticket please ignore', 'quick thing', 'Issue'],
    details: [
      'Please call me back.', 'I have a query about my account, can someone get in touch?', 'This is a test.',
      "Something isn't right, can someone look?", 'See attached.', 'Who do I speak to about this?',
    ],
  },
  {
    id: 'accessibility',
    weight: 2,
    category: { bug: 0.5, feature_request: 0.2, other: 0.3 },
    priority: { medium: 0.6, low: 0.4 },
    skills: ['accessibility'],
    context: 'web',
    titles: [
      "Screen reader can't read the ticket form", 'Accessibility issues in the customer portal',
      'Keyboard navigation trapped in modal', 'Colour contrast too low for low-vision users',
    ],
    details: [
      'VoiceOver reads every button as just "button".', "Tab key focus gets stuck in the new ticket dialog.",
      'We have a legal obligation to meet WCAG 2.1 AA.', 'One of our agents is blind and relies on NVDA.',
    ],
  },
  {
    id: 'legal-request',
    weight: 1.5,
    category: 'other',
    priority: { low: 0.5, medium: 0.5 },
    skills: [],
    context: 'general',
    titles: ['Request for DPA signature', 'Legal notice', 'Contract renewal terms', 'Subprocessor list request'],
    details: [
      'Our legal team needs a countersigned copy.', 'Please send the latest list of subprocessors.',
      'We need this before the end of the quarter.', 'Who handles contract questions?',
    ],
  },
  {
    id: 'maintenance-question',
    weight: 1.5,
    category: { other: 0.6, how_to: 0.4 },
    priority: 'low',
    skills: ['devops'],
    context: 'general',
    titles: [
      'Is there scheduled maintenance this weekend?', 'Planned downtime notice?', 'Where is your status page?',
      'Uptime SLA question',
    ],
    details: [
      'We want to warn our agents in advance.', 'What uptime do you guarantee on the {plan} plan?',
      'Can we subscribe to incident notifications?', 'We run a 24/7 support desk.',
    ],
  },
];
