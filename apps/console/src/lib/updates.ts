/**
 * The gateway's push channel (GET /api/v1/updates, Server-Sent Events): "a task of my department arrived / changed",
 * "a case changed" — ids only; a page that shows it reads it again through the API. Read with `fetch` rather than
 * `EventSource`, which cannot send the bearer token.
 */
export interface Update {
  kind: 'task' | 'case';
  change: string;
  caseNo: string;
  taskId?: string;
  departmentCode?: string;
  applicationId?: string;
}

/** The complete events in `buffer` and what is left of it (an event ends with a blank line). */
export function parseEvents(buffer: string): { events: { type: string; data: string }[]; rest: string } {
  const events: { type: string; data: string }[] = [];
  let rest = buffer.replace(/\r\n/g, '\n');
  for (let i = rest.indexOf('\n\n'); i >= 0; i = rest.indexOf('\n\n')) {
    const block = rest.slice(0, i);
    rest = rest.slice(i + 2);
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) type = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length) events.push({ type, data: data.join('\n') });
  }
  return { events, rest };
}

/** the updates among them (`ping` and anything unreadable left out) */
export function updatesIn(events: { type: string; data: string }[]): Update[] {
  return events.flatMap((e) => {
    if (e.type !== 'task' && e.type !== 'case') return [];
    try {
      const u = JSON.parse(e.data) as Update;
      return typeof u.caseNo === 'string' ? [u] : [];
    } catch {
      return [];
    }
  });
}

/**
 * Listen until `signal` aborts, reconnecting after a pause when the stream ends or fails (a gateway restarting, a
 * token renewed): each update is handed to `on`.
 */
export async function listenForUpdates(token: () => string | undefined, on: (u: Update) => void, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    try {
      const t = token();
      const res = await fetch('/api/v1/updates', { headers: { accept: 'text/event-stream', ...(t ? { authorization: `Bearer ${t}` } : {}) }, signal });
      if (res.ok && res.body) {
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseEvents(buffer + value);
          buffer = parsed.rest;
          for (const u of updatesIn(parsed.events)) on(u);
        }
      }
    } catch {
      // aborted, or the connection broke: try again below
    }
    if (!signal.aborted) await new Promise((r) => setTimeout(r, 5_000));
  }
}
