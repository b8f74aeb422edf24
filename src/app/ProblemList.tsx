import { errorText, toProblem, type ProblemLike } from '../i18n/errors';

/**
 * Problems as a list: each Chinese sentence, and under it, folded, the technical text for the administrator
 * (详细信息), where there is one.
 */
export function ProblemList({ problems }: { problems: readonly ProblemLike[] }) {
  return (
    <ul className="problem-list">
      {problems.map(toProblem).map((p, i) => (
        <li key={i}>
          <span className="problem-text">{p.text}</span>
          {p.detail && (
            <details className="problem-detail" data-testid="problem-detail">
              <summary>{errorText.detailSummary}</summary>
              <p>{errorText.detailHint}</p>
              <pre>{p.detail}</pre>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
