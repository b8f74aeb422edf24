import { errorText, toProblem, type Problem, type ProblemLike } from '../i18n/errors';

/** One problem: its Chinese sentence and, folded under 详细信息, the technical text for the administrator, if any. */
export function ProblemText({ problem }: { problem: Problem }) {
  return (
    <>
      <span className="problem-text">{problem.text}</span>
      {problem.detail && (
        <details className="problem-detail" data-testid="problem-detail">
          <summary>{errorText.detailSummary}</summary>
          <p>{errorText.detailHint}</p>
          <pre>{problem.detail}</pre>
        </details>
      )}
    </>
  );
}

/** Problems as a list, each as `ProblemText`. */
export function ProblemList({ problems }: { problems: readonly ProblemLike[] }) {
  return (
    <ul className="problem-list">
      {problems.map(toProblem).map((p, i) => (
        <li key={i}>
          <ProblemText problem={p} />
        </li>
      ))}
    </ul>
  );
}
