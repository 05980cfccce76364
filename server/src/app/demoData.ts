import type { Role, TicketStatus } from '@relaydesk/shared';
import bcrypt from 'bcryptjs';
import type { AppContext } from './context.js';
import { UserModel } from '../users/userModel.js';
import { actorOf } from '../users/service.js';

export interface DemoLogin {
  role: Role;
  name: string;
  email: string;
  password: string;
}

const PEOPLE: Array<DemoLogin & { skills: string[] }> = [
  { role: 'admin', name: 'Ada Admin', email: 'admin@relaydesk.test', password: 'admin-demo-pass', skills: [] },
  { role: 'moderator', name: 'Maya Frontend', email: 'maya@relaydesk.test', password: 'moderator-demo-pass', skills: ['javascript', 'react', 'css'] },
  { role: 'moderator', name: 'Omar Backend', email: 'omar@relaydesk.test', password: 'moderator-demo-pass', skills: ['node', 'database', 'api'] },
  { role: 'moderator', name: 'Bea Billing', email: 'bea@relaydesk.test', password: 'moderator-demo-pass', skills: ['billing', 'payments', 'account'] },
  { role: 'user', name: 'Uma User', email: 'uma@relaydesk.test', password: 'user-demo-pass', skills: [] },
  { role: 'user', name: 'Leo User', email: 'leo@relaydesk.test', password: 'user-demo-pass', skills: [] },
];

/** [creator index, title, description, assignee index or null, status, comments] */
const TICKETS: Array<[number, string, string, number | null, TicketStatus, string[]]> = [
  [4, 'Login page spins forever', 'After entering my password the login button spins and nothing happens. Chrome 131 on Windows.', 1, 'in_progress', ['Can you send a screenshot of the browser console?']],
  [4, 'Charged twice this month', 'My card was charged twice for the Pro plan on the 3rd. Please refund one of them.', 3, 'todo', []],
  [5, 'API returns 500 on /v1/export', 'Our nightly export job gets HTTP 500 from /v1/export since yesterday.', 2, 'in_progress', ['Looking at the logs now.', 'Thanks, it is blocking our reports.']],
  [5, 'Dark mode text unreadable', 'In dark mode the table headers are dark grey on black.', 1, 'completed', ['Fixed in the latest release, please reload.']],
  [4, 'How do I export my tickets?', 'Is there a way to download all my tickets as CSV?', null, 'todo', []],
  [5, 'Database connection timeouts', 'Self-hosted instance logs "connection timed out" to the database every few minutes.', 2, 'todo', []],
  [4, 'Update billing address', 'We moved offices; how do I change the address on invoices?', 3, 'completed', ['Done from your side under Settings > Billing.']],
  [5, 'Mobile layout broken on iPhone', 'The sidebar covers the ticket list on an iPhone 15.', 1, 'todo', []],
  [4, 'Webhook signature mismatch', 'Our webhook receiver rejects your events: signature does not match.', 2, 'completed', ['You were using the old secret; rotated it together.']],
  [5, 'Invoice PDF missing VAT number', 'The VAT number we entered does not appear on invoices.', 3, 'in_progress', []],
  [4, 'Slow search on large workspace', 'Searching takes 10+ seconds with 20k tickets.', null, 'todo', []],
  [5, 'Cannot reset password', 'The reset email never arrives at our domain.', 2, 'todo', []],
];

/** Loads a small data set covering every role, so a newcomer can try everything at once. */
export async function seedDemoData(ctx: AppContext): Promise<DemoLogin[]> {
  const { services, config } = ctx;
  const users = [];
  for (const person of PEOPLE) {
    const passwordHash = await bcrypt.hash(person.password, config.bcryptRounds);
    users.push(
      await UserModel.create({ name: person.name, email: person.email, role: person.role, skills: person.skills, passwordHash }),
    );
  }
  const admin = actorOf(users[0]!);
  for (const [creatorIndex, title, description, assigneeIndex, status, comments] of TICKETS) {
    const creator = actorOf(users[creatorIndex]!);
    const ticket = await services.tickets.createTicket(creator, { title, description });
    const ticketId = String(ticket._id);
    if (assigneeIndex === null) continue;
    const assignee = actorOf(users[assigneeIndex]!);
    await services.tickets.assignTicket({ ticketId, moderatorId: assignee.id, actorId: admin.id });
    for (const [i, body] of comments.entries()) {
      await services.comments.addComment(i % 2 === 0 ? assignee : creator, ticketId, body);
    }
    if (status === 'in_progress' || status === 'completed') await services.tickets.changeStatus(assignee, ticketId, 'in_progress');
    if (status === 'completed') await services.tickets.changeStatus(assignee, ticketId, 'completed');
  }
  return PEOPLE.map(({ role, name, email, password }) => ({ role, name, email, password }));
}
