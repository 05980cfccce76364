/**
 * Domains for the varied corpus: the products, features, business objects and
 * people a ticket can be about. Priority never depends on the domain; the generator
 * combines every domain with every situation so the model learns impact words, not
 * product names.
 */

export interface Domain {
  id: string;
  /** What the requester calls the product or system. */
  products: readonly string[];
  /** Parts of the product that can break (singular noun phrases). */
  features: readonly string[];
  /** What people do with it, as "to …" verb phrases. */
  actions: readonly string[];
  /** Who uses it (plural). */
  people: readonly string[];
  /** What is at stake when it fails (used in impact sentences). */
  stakes: readonly string[];
  /** Kind of money or safety harm a failure can cause, if any. */
  harm: 'money' | 'safety' | 'legal' | 'none';
}

export const DOMAINS: readonly Domain[] = [
  {
    id: 'helpdesk-saas',
    products: ['the helpdesk', 'your ticketing tool', 'the support portal', 'the agent workspace', 'the app'],
    features: ['ticket inbox', 'reply editor', 'agent dashboard', 'ticket assignment', 'SLA timers', 'macro list', 'canned responses', 'ticket search'],
    actions: ['reply to tickets', 'assign tickets', 'close tickets', 'see new tickets', 'merge tickets', 'search tickets'],
    people: ['agents', 'support agents', 'moderators', 'team leads'],
    stakes: ['our response-time SLA', 'customer replies', 'our support queue'],
    harm: 'none',
  },
  {
    id: 'project-management',
    products: ['the project tool', 'the planning board', 'your platform', 'the workspace'],
    features: ['task board', 'timeline view', 'file attachments', 'comments', 'time tracking', 'Gantt chart', 'project templates', 'notifications'],
    actions: ['create tasks', 'update the board', 'upload files', 'log our hours', 'share projects with clients', 'open projects'],
    people: ['project managers', 'team members', 'consultants', 'designers'],
    stakes: ['client deliverables', 'the project deadline', 'billable hours'],
    harm: 'money',
  },
  {
    id: 'e-commerce',
    products: ['our online shop', 'the storefront', 'the shop platform', 'the webshop'],
    features: ['checkout', 'shopping cart', 'product pages', 'discount codes', 'order confirmation emails', 'inventory sync', 'shipping rates', 'product import'],
    actions: ['place orders', 'complete checkout', 'add items to the cart', 'apply discount codes', 'ship orders', 'update stock'],
    people: ['customers', 'shoppers', 'buyers', 'store staff'],
    stakes: ['our sales', 'orders', 'the weekend campaign', 'revenue'],
    harm: 'money',
  },
  {
    id: 'fintech',
    products: ['the banking app', 'online banking', 'the payment gateway', 'the trading platform', 'the card portal'],
    features: ['card payments', 'bank transfers', 'account balance', 'transaction history', 'payment terminal', 'direct debits', 'statement download', 'payouts'],
    actions: ['make transfers', 'pay by card', 'see their balance', 'withdraw money', 'process payments', 'receive payouts'],
    people: ['clients', 'account holders', 'merchants', 'cardholders'],
    stakes: ['client funds', 'settlements', 'transactions', 'our merchants'],
    harm: 'money',
  },
  {
    id: 'health',
    products: ['the patient portal', 'the clinic system', 'the practice software', 'the EHR', 'the telehealth app'],
    features: ['appointment booking', 'lab results', 'e-prescriptions', 'patient records', 'video consultations', 'medication list', 'referral letters', 'reminder messages'],
    actions: ['book appointments', 'see lab results', 'send prescriptions', 'open patient records', 'start video consultations', 'check medication history'],
    people: ['patients', 'doctors', 'nurses', 'clinicians', 'reception staff'],
    stakes: ['patient care', 'treatment', 'appointments'],
    harm: 'safety',
  },
  {
    id: 'games',
    products: ['the game', 'the launcher', 'the mobile game', 'the game servers'],
    features: ['matchmaking', 'in-game store', 'leaderboard', 'save files', 'voice chat', 'friends list', 'ranked mode', 'cloud saves'],
    actions: ['join matches', 'buy items', 'log into the game', 'load our saves', 'play ranked', 'redeem codes'],
    people: ['players', 'guild members', 'streamers', 'our community'],
    stakes: ['the tournament', 'player purchases', 'the event'],
    harm: 'money',
  },
  {
    id: 'internal-it',
    products: ['the VPN', 'the company laptop', 'email', 'the shared drive', 'the office network', 'the HR system'],
    features: ['VPN client', 'Outlook', 'Wi-Fi', 'printer', 'shared drive', 'Teams calls', 'remote desktop', 'single sign-on'],
    actions: ['connect to the VPN', 'open email', 'print', 'access the shared drive', 'join meetings', 'sign in'],
    people: ['employees', 'colleagues', 'remote staff', 'the finance team', 'new hires'],
    stakes: ['the month-end close', 'client meetings', 'our daily work'],
    harm: 'none',
  },
  {
    id: 'education',
    products: ['the learning platform', 'the LMS', 'the exam portal', 'the course site'],
    features: ['assignment upload', 'exam submission', 'gradebook', 'course videos', 'quiz module', 'class roster', 'discussion forum', 'certificates'],
    actions: ['submit assignments', 'take the exam', 'watch lectures', 'enter grades', 'download certificates', 'join the live class'],
    people: ['students', 'teachers', 'learners', 'tutors'],
    stakes: ['the exam', 'final grades', 'the course deadline'],
    harm: 'legal',
  },
  {
    id: 'logistics',
    products: ['the warehouse system', 'the delivery app', 'the shipping platform', 'the fleet portal'],
    features: ['label printing', 'route planning', 'barcode scanners', 'tracking page', 'carrier integration', 'pick lists', 'delivery status updates', 'stock levels'],
    actions: ['print shipping labels', 'dispatch orders', 'scan parcels', 'plan routes', 'track deliveries', 'book carriers'],
    people: ['drivers', 'warehouse staff', 'dispatchers', 'customers'],
    stakes: ['today’s shipments', 'the carrier pickup', 'deliveries'],
    harm: 'money',
  },
  {
    id: 'hospitality',
    products: ['the booking engine', 'the reservation system', 'the hotel PMS', 'the restaurant POS'],
    features: ['room availability', 'online reservations', 'check-in kiosk', 'table bookings', 'kitchen display', 'payment terminal', 'guest emails', 'rate calendar'],
    actions: ['take reservations', 'check guests in', 'take payments', 'send orders to the kitchen', 'update room rates', 'confirm bookings'],
    people: ['guests', 'front desk staff', 'waiters', 'hotel managers'],
    stakes: ['bookings', 'the busy season', 'guest satisfaction'],
    harm: 'money',
  },
  {
    id: 'marketing',
    products: ['the email marketing tool', 'the CRM', 'the newsletter platform', 'the analytics suite'],
    features: ['campaign scheduler', 'contact lists', 'unsubscribe handling', 'lead forms', 'analytics reports', 'contact import', 'segment builder', 'email templates'],
    actions: ['send campaigns', 'import contacts', 'see campaign reports', 'build segments', 'capture leads', 'edit templates'],
    people: ['marketers', 'sales reps', 'subscribers', 'contacts'],
    stakes: ['the product launch', 'our campaign', 'lead follow-up'],
    harm: 'legal',
  },
  {
    id: 'hr-payroll',
    products: ['the payroll system', 'the HR portal', 'the time-off tool', 'the expense app'],
    features: ['payroll run', 'payslips', 'time-off requests', 'expense reports', 'employee onboarding', 'tax forms', 'timesheets', 'bank file export'],
    actions: ['run payroll', 'approve expenses', 'request leave', 'download payslips', 'onboard new hires', 'submit timesheets'],
    people: ['employees', 'managers', 'HR staff', 'contractors'],
    stakes: ['salaries', 'payday', 'tax filings'],
    harm: 'money',
  },
  {
    id: 'cloud-hosting',
    products: ['the hosting platform', 'the cloud console', 'the managed database', 'the CDN', 'the API'],
    features: ['API', 'database cluster', 'load balancer', 'DNS', 'SSL certificates', 'deploy pipeline', 'object storage', 'webhooks'],
    actions: ['deploy', 'reach our servers', 'query the database', 'call the API', 'renew certificates', 'serve traffic'],
    people: ['our users', 'developers', 'our customers', 'API clients'],
    stakes: ['our production app', 'uptime', 'our customers’ sites'],
    harm: 'money',
  },
  {
    id: 'telecom',
    products: ['the internet connection', 'the phone system', 'the mobile plan', 'the router', 'the call centre software'],
    features: ['internet line', 'phone lines', 'call routing', 'voicemail', 'mobile data', 'router', 'call recording', 'IVR menu'],
    actions: ['make calls', 'get online', 'receive calls', 'use mobile data', 'route calls', 'listen to voicemail'],
    people: ['callers', 'our call centre agents', 'subscribers', 'staff'],
    stakes: ['customer calls', 'the hotline', 'our sales line'],
    harm: 'money',
  },
  {
    id: 'insurance',
    products: ['the claims portal', 'the policy system', 'the broker portal', 'the quote engine'],
    features: ['claim submission', 'policy documents', 'quote calculator', 'document upload', 'renewal notices', 'premium payments', 'broker dashboard', 'customer letters'],
    actions: ['submit claims', 'issue policies', 'generate quotes', 'upload documents', 'renew policies', 'pay premiums'],
    people: ['policyholders', 'brokers', 'claims handlers', 'customers'],
    stakes: ['claim deadlines', 'policy renewals', 'our customers’ cover'],
    harm: 'legal',
  },
];

export const PERSON_NAMES: readonly string[] = [
  'Anna Keller', 'Rahul Mehta', 'Sofia Conti', 'James Whitfield', 'Yuki Tanaka', 'Fatima Haddad', 'Lars Nilsson',
  'Chloé Martin', 'Kwame Boateng', 'Olga Petrova', 'Diego Alvarez', 'Mei Lin', 'Tom Becker', 'Aisha Bello',
  'Pieter de Vries', 'Lucía Romero', 'Emre Yilmaz', 'Hannah Fischer', 'Sipho Dlamini', 'Noah Williams',
];

export const ROLES: readonly string[] = [
  'Operations Manager', 'IT Administrator', 'Head of Customer Service', 'Office Manager', 'CTO', 'Finance Lead',
  'Practice Manager', 'Store Owner', 'Team Lead', 'Product Owner', 'Service Desk', 'Account Owner',
];
