import type { Board } from '../api/views';

/** The tickets being called, newest call first (the one just called at the top, where the eye goes). */
export function callingNewestFirst(board: Board, max = 8): Board['calling'] {
  return [...board.calling].sort((a, b) => (a.calledAt < b.calledAt ? 1 : a.calledAt > b.calledAt ? -1 : 0)).slice(0, max);
}
