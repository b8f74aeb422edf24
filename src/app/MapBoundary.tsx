import { Component, Fragment, type ReactNode } from 'react';
import { app as t } from '../i18n/zh';
import { describeError, errorText } from '../i18n/errors';
import { ProblemList } from './ProblemList';

interface Props {
  children: ReactNode;
  /** Told when the map fails (true) and when the user retries (false). */
  onFailure?: (failed: boolean) => void;
}

/**
 * The map alone, kept apart from the rest of the dashboard: if drawing it fails (WebGL missing or lost, a library
 * error), its place says so in Chinese, with the technical text folded and a 重试 button, while the panel, the
 * toolbar and 载入数据 go on working.
 */
export class MapBoundary extends Component<Props, { error: unknown; attempt: number }> {
  override state: { error: unknown; attempt: number } = { error: null, attempt: 0 };
  static getDerivedStateFromError(error: unknown) {
    return { error: error ?? new Error('unknown') };
  }
  override componentDidCatch() {
    this.props.onFailure?.(true);
  }
  private retry = () => {
    this.setState((s) => ({ error: null, attempt: s.attempt + 1 }));
    this.props.onFailure?.(false);
  };
  override render() {
    if (this.state.error) {
      return (
        <div className="map map-failed" role="alert" data-testid="map-error">
          <h2>{t.mapFailed}</h2>
          <ProblemList problems={[describeError(this.state.error, { stage: 'map' })]} />
          <p className="note">{errorText.mapKeepsWorking}</p>
          <button type="button" onClick={this.retry} data-testid="map-retry">
            {errorText.retry}
          </button>
        </div>
      );
    }
    // A new attempt mounts the map afresh.
    return <Fragment key={this.state.attempt}>{this.props.children}</Fragment>;
  }
}
