/**
 * A small labelled set for the similar-ticket search: ten support topics, three
 * solved tickets each written by different people in different words, and three
 * new tickets per topic (30 queries) whose relevant answers are that topic's solved
 * tickets. Precision@3 is the share of the top three that belong to the query's topic.
 */
export interface SolvedExample {
  topic: string;
  title: string;
  description: string;
  reply: string;
}

export interface QueryExample {
  topic: string;
  title: string;
  description: string;
}

export const SOLVED: SolvedExample[] = [
  { topic: 'sso', title: 'SAML login fails with invalid signature', description: 'Our Okta SSO login stopped working, the error says the SAML response signature is invalid.', reply: 'Your IdP certificate was rotated; upload the new certificate under Settings > Security > SSO.' },
  { topic: 'sso', title: 'Single sign-on broken after certificate change', description: 'We renewed the Azure AD certificate and now nobody can sign in with SSO.', reply: 'Upload the renewed certificate in the SSO settings and sign in again.' },
  { topic: 'sso', title: 'Okta users cannot log in', description: 'Users get redirected back from Okta with an error about the assertion.', reply: 'The assertion was signed with an old certificate; update it in SSO settings.' },
  { topic: 'refund', title: 'Charged twice for annual plan', description: 'My credit card shows two charges for the annual subscription.', reply: 'We refunded the duplicate charge; it shows on your card within 5 business days.' },
  { topic: 'refund', title: 'Duplicate payment on invoice', description: 'The invoice was paid twice by our finance team, can we get the money back?', reply: 'Refund issued for the second payment.' },
  { topic: 'refund', title: 'Need refund for double charge', description: 'Card billed two times this month for the same seats.', reply: 'One of the charges is refunded now.' },
  { topic: 'csv', title: 'CSV export only has headers', description: 'When I export tickets to CSV the file contains the header row and no data.', reply: 'Exports over 10k rows were cut; fixed, please export again.' },
  { topic: 'csv', title: 'Exported spreadsheet is empty', description: 'Downloading the report as CSV gives an empty spreadsheet.', reply: 'A bug in the export filter; it is fixed now.' },
  { topic: 'csv', title: 'Export file has no rows', description: 'The export finishes but the downloaded file has no rows of data.', reply: 'Fixed the export job, try the download again.' },
  { topic: 'webhook', title: 'Webhook deliveries failing with 401', description: 'Our endpoint returns 401 for your webhook calls since we rotated keys.', reply: 'Update the webhook secret in your receiver to the new one shown in the dashboard.' },
  { topic: 'webhook', title: 'Webhook signature verification error', description: 'Every webhook event fails signature verification on our server.', reply: 'You were verifying with the old signing secret; use the current one.' },
  { topic: 'webhook', title: 'Events rejected by our webhook receiver', description: 'The receiver rejects events because the HMAC signature does not match.', reply: 'The HMAC must be computed over the raw body; rotate and retry.' },
  { topic: 'mobile', title: 'iOS app crashes on launch', description: 'After the latest update the iPhone app crashes immediately when opened.', reply: 'Version 4.2.1 fixes the crash; update from the App Store.' },
  { topic: 'mobile', title: 'App closes right after opening on iPad', description: 'The iPad app quits as soon as it starts since yesterday.', reply: 'Please update to 4.2.1, which fixes this launch crash.' },
  { topic: 'mobile', title: 'Mobile app crash at startup', description: 'Our team iPhones crash when starting the app.', reply: 'Fixed in 4.2.1.' },
  { topic: 'reset', title: 'Password reset email never arrives', description: 'I requested a password reset but no email came, not even in spam.', reply: 'Your mail server blocked our sender; allow noreply@relaydesk.test.' },
  { topic: 'reset', title: 'No reset link received', description: 'Clicking forgot password does nothing, the reset link mail is missing.', reply: 'Allowlist our sending domain and request the link again.' },
  { topic: 'reset', title: 'Forgot password mail missing', description: 'The forgot password email does not reach our company domain.', reply: 'Your domain filtered our mail; add our sender to the allowlist.' },
  { topic: 'darkmode', title: 'Dark mode text unreadable', description: 'In dark mode the table headers are dark grey on black.', reply: 'Fixed in the latest release, please reload.' },
  { topic: 'darkmode', title: 'Low contrast in dark theme', description: 'Labels are almost invisible with the dark theme enabled.', reply: 'The contrast is fixed, reload the page.' },
  { topic: 'darkmode', title: 'Night mode makes buttons invisible', description: 'With night mode on, the buttons are black on a black background.', reply: 'Fixed in today\u2019s release.' },
  { topic: 'vat', title: 'VAT number missing on invoices', description: 'The VAT ID we entered is not printed on our invoices.', reply: 'Add the VAT ID under Billing > Tax details; new invoices show it.' },
  { topic: 'vat', title: 'Invoice lacks tax ID', description: 'Our accountant needs our tax identification number on the invoice PDF.', reply: 'Enter the tax ID in billing settings and re-issue the invoice.' },
  { topic: 'vat', title: 'Company VAT not shown on bill', description: 'The bill PDF does not include our company VAT registration.', reply: 'Set it in Billing > Tax details.' },
  { topic: 'slow', title: 'Search is very slow', description: 'Searching tickets takes more than ten seconds in our large workspace.', reply: 'We rebuilt your search index; it is fast again.' },
  { topic: 'slow', title: 'Ticket search takes forever', description: 'Every search query hangs for a long time before results show.', reply: 'Search index rebuilt, results are quick now.' },
  { topic: 'slow', title: 'Slow results when searching', description: 'Search results load slowly with many tickets.', reply: 'Reindexed your workspace.' },
  { topic: 'seats', title: 'Cannot add more seats', description: 'Adding a new user says we reached our seat limit.', reply: 'Increase seats under Billing > Plan; they are available right away.' },
  { topic: 'seats', title: 'Seat limit reached when inviting', description: 'Inviting a colleague fails with a message about the seat limit.', reply: 'Buy more seats in the plan settings.' },
  { topic: 'seats', title: 'Need extra licenses for new hires', description: 'We need three more user licenses, invite fails due to limit.', reply: 'Add licenses from Billing > Plan.' },
];

export const QUERIES: QueryExample[] = [
  { topic: 'sso', title: 'SSO sign in error', description: 'Since this morning SSO login through Okta fails with a signature error.' },
  { topic: 'sso', title: 'Cannot log in with SAML', description: 'SAML single sign-on says invalid signature after we changed the certificate.' },
  { topic: 'sso', title: 'Azure AD login broken', description: 'Sign in with Azure AD single sign-on redirects back with an error.' },
  { topic: 'refund', title: 'Billed twice', description: 'We were charged two times for the subscription, please refund.' },
  { topic: 'refund', title: 'Double charge on credit card', description: 'The card has a duplicate charge for this month.' },
  { topic: 'refund', title: 'Refund duplicate payment', description: 'Finance paid the invoice twice, we want a refund.' },
  { topic: 'csv', title: 'CSV export empty', description: 'The CSV file I export has no data, only the headers.' },
  { topic: 'csv', title: 'Report download has no data', description: 'The exported report file is empty.' },
  { topic: 'csv', title: 'Export missing rows', description: 'Exporting tickets gives a file without any rows.' },
  { topic: 'webhook', title: 'Webhook signature mismatch', description: 'Our receiver rejects your events because the signature does not match.' },
  { topic: 'webhook', title: 'Webhooks return 401', description: 'Webhook calls to our endpoint fail with 401 unauthorized after key rotation.' },
  { topic: 'webhook', title: 'HMAC check fails for events', description: 'HMAC verification fails for each webhook event we receive.' },
  { topic: 'mobile', title: 'iPhone app crashing', description: 'The app crashes as soon as I open it on my iPhone.' },
  { topic: 'mobile', title: 'App crashes after update', description: 'Since the update the mobile app crashes on launch.' },
  { topic: 'mobile', title: 'iPad app will not start', description: 'The app on iPad closes right after launch.' },
  { topic: 'reset', title: 'Reset password email not received', description: 'The password reset mail never arrives in my inbox.' },
  { topic: 'reset', title: 'Forgot password link missing', description: 'I clicked forgot password but got no email.' },
  { topic: 'reset', title: 'Our domain gets no reset emails', description: 'Reset emails do not reach anyone at our company domain.' },
  { topic: 'darkmode', title: 'Dark mode unreadable', description: 'Text in dark mode is hard to read, grey on black.' },
  { topic: 'darkmode', title: 'Dark theme contrast', description: 'The dark theme has very low contrast for labels and headers.' },
  { topic: 'darkmode', title: 'Buttons invisible in dark mode', description: 'Buttons disappear when dark mode is on.' },
  { topic: 'vat', title: 'Add VAT number to invoice', description: 'How do we get our VAT number printed on invoices?' },
  { topic: 'vat', title: 'Tax ID not on invoice PDF', description: 'The invoice PDF is missing our tax ID.' },
  { topic: 'vat', title: 'Invoices without VAT registration', description: 'Our VAT registration number does not show on the bills.' },
  { topic: 'slow', title: 'Search very slow', description: 'Ticket search takes ages to return results.' },
  { topic: 'slow', title: 'Slow search in big workspace', description: 'With many tickets the search is slow, over ten seconds.' },
  { topic: 'slow', title: 'Searching hangs', description: 'Search queries hang for a long time.' },
  { topic: 'seats', title: 'Seat limit', description: 'We cannot invite a new user because of the seat limit.' },
  { topic: 'seats', title: 'Buy more seats', description: 'How do we add more seats for new colleagues?' },
  { topic: 'seats', title: 'More user licenses needed', description: 'Need additional licenses, inviting fails.' },
];
