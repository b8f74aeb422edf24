import { planText } from '../../i18n/zh-plan';
import type { Planning } from './use-plan';

/** The map's switch into and out of plan mode (站点规划). */
export function PlanToggle({ planning, onStart }: { planning: Planning; onStart: () => void }) {
  return (
    <button
      type="button"
      className={`plan-toggle${planning.on ? ' on' : ''}`}
      title={planText.toggleTitle}
      aria-pressed={planning.on}
      data-testid="plan-toggle"
      onClick={() => {
        if (planning.on) planning.leave();
        else {
          planning.start();
          onStart();
        }
      }}
    >
      {planning.on ? planText.leave : planText.toggle}
    </button>
  );
}
