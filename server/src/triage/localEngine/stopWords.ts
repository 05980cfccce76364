/**
 * Function words that carry no signal about a ticket's topic or urgency.
 * Negations ("not", "no", "cannot", "never") and scope words ("all", "everyone",
 * "nobody", "down", "out") are deliberately absent: "not working", "locked out" and
 * "down for everyone" are among the strongest cues a ticket gives.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'about', 'above', 'after', 'again', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
  'be', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by',
  'could', 'did', 'do', 'does', 'doing', 'during',
  'each', 'few', 'for', 'from', 'further',
  'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself', 'him', 'himself', 'his', 'how',
  'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself',
  'just', 'me', 'more', 'most', 'my', 'myself',
  'of', 'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'ourselves', 'over', 'own',
  'same', 'she', 'should', 'since', 'so', 'some', 'such',
  'than', 'that', 'the', 'their', 'theirs', 'them', 'themselves', 'then', 'there', 'these', 'they',
  'this', 'those', 'through', 'to', 'too',
  'under', 'until', 'very', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who',
  'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours', 'yourself', 'yourselves',
  'also', 'can', 'get', 'got', 'hi', 'hello', 'hey', 'thanks', 'thank', 'please', 'regards',
  'cheers', 'team', 'im', 'ive', 'us', 'let', 'know', 'one', 'still', 'now',
]);
