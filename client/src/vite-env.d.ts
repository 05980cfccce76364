/// <reference types="vite/client" />

interface ImportMetaEnv {
  readonly VITE_API_ORIGIN?: string;
  readonly VITE_SOCKET_ORIGIN?: string;
  readonly VITE_SOCKET_PATH?: string;
  readonly VITE_OFFLINE_POLL_MS?: string;
}
