import { useId, type ReactNode } from "react";

/**
 * A value with its explanation: shown on hover, on keyboard focus and on tap (focus), and read by screen readers
 * through aria-describedby.
 */
export function Explain({ children, tip, testId }: { children: ReactNode; tip: string; testId?: string }) {
  const id = useId();
  return (
    <span className="explain" tabIndex={0} aria-describedby={id} data-testid={testId}>
      {children}
      <span role="tooltip" id={id} className="tip">
        {tip}
      </span>
    </span>
  );
}
