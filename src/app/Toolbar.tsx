import type { ReactNode } from 'react';
import type { VisitProfile } from '../policy/profile';
import { bigScreen, ui } from '../i18n/zh';
import { briefingText } from '../i18n/zh-briefing';
import { MonthSelect } from './MonthSelect';
import { THEME_IDS, type ThemeId } from './url-state';

export interface ToolbarProps {
  theme: ThemeId;
  month: string;
  months: string[];
  profile: VisitProfile;
  profiles: VisitProfile[];
  onTheme: (theme: ThemeId) => void;
  onMonth: (month: string) => void;
  onProfile: (id: string) => void;
  onBigScreen: () => void;
  /** Opens the briefing (简报) for the month and area on screen. */
  onBriefing: () => void;
  /** The comparison controls (两期对比); while comparing they take the month picker's place. */
  compare?: { controls: ReactNode; comparing: boolean };
  /** The 数据质量 button beside the themes: whether its view is open, and what a click does. */
  quality?: { open: boolean; onToggle: () => void; label: string; title: string };
}

export function Toolbar({ theme, month, months, profile, profiles, onTheme, onMonth, onProfile, onBigScreen, onBriefing, compare, quality }: ToolbarProps) {
  return (
    <nav className="toolbar" aria-label={ui.themesLabel}>
      <div className="themes" role="tablist">
        {THEME_IDS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={id === theme} className={id === theme ? 'active' : undefined} onClick={() => onTheme(id)} data-testid={`theme-${id}`}>
            {ui.themes[id]}
          </button>
        ))}
      </div>
      {quality && (
        <button type="button" className={`quality-open${quality.open ? ' active' : ''}`} aria-pressed={quality.open} onClick={quality.onToggle} title={quality.title} data-testid="quality-open">
          {quality.label}
        </button>
      )}
      {!compare?.comparing && <MonthSelect label={ui.month} month={month} months={months} onMonth={onMonth} testId="month" />}
      {compare?.controls}
      {theme === 'visits' && (
        <label className="control">
          {ui.profile}
          <select value={profile.id} onChange={(e) => onProfile(e.target.value)} data-testid="profile">
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="briefing-open" onClick={onBriefing} title={briefingText.buttonTitle} data-testid="briefing-open">
        {briefingText.button}
      </button>
      <button type="button" className="big-enter" onClick={onBigScreen} data-testid="big-enter">
        {bigScreen.enter}
      </button>
    </nav>
  );
}
