'use client';
// A status message that survives a client-side navigation ("Property saved" shown on the list the form
// sends you back to). It lives in the signed-in layout, so its live region exists before the message
// arrives and screen readers announce it. It clears when the person moves on to another page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { usePathname } from 'next/navigation';

interface FlashState {
  message: string;
  /** The page the message belongs to. */
  path: string;
  /** Whether that page has been reached (the message clears when the person leaves it). */
  arrived: boolean;
}

interface FlashApi {
  message: string | null;
  show(message: string, path: string): void;
}

const FlashContext = createContext<FlashApi>({ message: null, show: () => {} });

export function FlashProvider({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const [flash, setFlash] = useState<FlashState | null>(null);

  useEffect(() => {
    setFlash((current) => {
      if (!current) return current;
      if (pathname === current.path) return current.arrived ? current : { ...current, arrived: true };
      return current.arrived ? null : current;
    });
  }, [pathname]);

  const show = useCallback((message: string, path: string) => setFlash({ message, path, arrived: path === pathname }), [pathname]);
  const api = useMemo(() => ({ message: flash?.message ?? null, show }), [flash, show]);
  return <FlashContext.Provider value={api}>{children}</FlashContext.Provider>;
}

export function useFlash(): FlashApi {
  return useContext(FlashContext);
}

export function FlashRegion() {
  const { message } = useFlash();
  return (
    <div role="status" className={message ? 'flash' : 'flash flash--empty'}>
      {message}
    </div>
  );
}
