// The operator's API key lives in sessionStorage: it is gone when the tab closes, is never in a
// cookie (so no other site can make the browser act for the operator), and is sent only as
// `Authorization: Bearer` by the API client.
const STORAGE_KEY = 'hub.console.apiKey';

export type SignOutReason = 'signed-out' | 'rejected';

type Listener = (reason: SignOutReason) => void;
const listeners = new Set<Listener>();

export function readApiKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function saveApiKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key.trim());
}

/** Forgets the key and tells the app (which sends the operator back to the sign-in screen). */
export function signOut(reason: SignOutReason): void {
  sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener(reason);
}

export function onSignOut(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
