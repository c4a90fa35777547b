/** What global-setup started, handed to the tests through the environment. */
export interface HubState {
  baseURL: string;
  adminKey: string;
  emulator: {
    url: string;
    tenantId: string;
    clientId: string;
    clientSecret: string;
    /** Azure SaaS subscriptions seeded Subscribed on plan `gold` with dimensions dim-a, dim-b, dim-c. */
    subscriptions: string[];
  };
}

export const STATE_VARIABLE = 'HUB_CONSOLE_E2E_STATE';

export function readHubState(): HubState {
  const raw = process.env[STATE_VARIABLE];
  if (!raw)
    throw new Error(`${STATE_VARIABLE} is not set: run the tests with \`playwright test\` (global setup)`);
  return JSON.parse(raw) as HubState;
}
