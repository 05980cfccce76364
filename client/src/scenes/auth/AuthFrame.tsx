import type { ReactNode } from 'react';
import { ThemeSwitcher } from '../../components/ThemeSwitcher.js';

/** The centred card the log-in and sign-up screens share. */
export function AuthFrame({ title, children, footer }: { title: string; children: ReactNode; footer: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center bg-base-200 px-4 py-10">
      <main className="card w-full max-w-md bg-base-100 shadow-md">
        <div className="card-body gap-4">
          <p className="text-2xl font-bold tracking-tight">
            <span>
              Relay<span className="text-primary">Desk</span>
            </span>
          </p>
          <h1 className="text-xl font-semibold">{title}</h1>
          {children}
          <div className="text-sm">{footer}</div>
        </div>
      </main>
      <div className="mt-4">
        <ThemeSwitcher />
      </div>
    </div>
  );
}
