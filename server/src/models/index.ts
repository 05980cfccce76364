export * from './User.js';
export * from './Ticket.js';
export * from './Comment.js';
export * from './TicketEvent.js';
export * from './ModeratorApplication.js';
export * from './Counter.js';
