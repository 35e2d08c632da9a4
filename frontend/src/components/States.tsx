import type { ReactNode } from "react";

export function Loading({ what }: { what: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

export function ErrorState({ what, error, retry }: { what: string; error: unknown; retry?: () => void }) {
  const message =
    error instanceof Error
      ? ((error as Error & { shortMessage?: string }).shortMessage ?? error.message)
      : String(error);
  return (
    <div className="state error" role="alert">
      <p>
        Could not load {what}: {message.split("\n")[0]}
      </p>
      {retry !== undefined && (
        <button type="button" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}
