import { useEffect, useState } from 'react';
import { QUEUE_CATEGORY_TEXT, QUEUE_CATEGORIES } from '@yichuang/domain';
import type { Board } from '../api/views';
import { callingNewestFirst } from '../lib/board';

/**
 * The hall's display board (/board): full screen, type large enough to read from 5 m, fed live by the gateway's
 * Server-Sent Events (GET /api/v1/queue/board/stream, an event whenever the board changes; EventSource
 * reconnects by itself when the connection drops).
 */
export function BoardPage() {
  const [board, setBoard] = useState<Board>();
  const [online, setOnline] = useState(false);

  useEffect(() => {
    const es = new EventSource('/api/v1/queue/board/stream');
    es.addEventListener('board', (ev) => {
      setBoard(JSON.parse((ev as MessageEvent<string>).data) as Board);
      setOnline(true);
    });
    es.onerror = () => setOnline(false);
    return () => es.close();
  }, []);

  const calling = board ? callingNewestFirst(board) : [];
  return (
    <main className="board" onDoubleClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
      <header className="board-title">
        <h1>请以下号码到窗口办理</h1>
        {!online && <span className="board-offline">连接中…</span>}
      </header>
      <section aria-live="polite" aria-label="正在叫号" className="board-calling">
        {calling.length === 0 ? (
          <p className="board-empty">暂无叫号</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">号码</th>
                <th scope="col">窗口</th>
              </tr>
            </thead>
            <tbody>
              {calling.map((c, i) => (
                <tr key={`${c.ticketNo}-${c.calledAt}`} className={i === 0 ? 'board-latest' : undefined} data-testid="board-calling">
                  <td>{c.ticketNo}</td>
                  <td>{c.windowNo} 号窗口</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <footer className="board-waiting" aria-label="等候人数">
        {QUEUE_CATEGORIES.map((c) => (
          <div key={c}>
            <span>{QUEUE_CATEGORY_TEXT[c]}</span>
            <strong>{board?.waiting[c] ?? 0}</strong>
            <span>人等候</span>
          </div>
        ))}
      </footer>
    </main>
  );
}
