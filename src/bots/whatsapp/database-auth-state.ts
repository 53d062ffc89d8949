import {
  type AuthenticationCreds,
  type AuthenticationState,
  BufferJSON,
  initAuthCreds,
  proto,
  type SignalDataSet,
  type SignalDataTypeMap,
} from "@whiskeysockets/baileys";
import type { ChannelAuthRepo } from "../../app/ports.ts";

const CREDS_ID = "creds";
const keyId = (type: string, id: string) => `${type}:${id}`;

export interface DatabaseAuthState {
  state: AuthenticationState;
  /** persist the credentials (call on every `creds.update`) */
  saveCreds(): Promise<void>;
}

/**
 * Baileys' auth state kept in the database instead of files (`useMultiFileAuthState` is not meant for
 * production): the credentials under "creds" and each signal key under "<type>:<id>", BufferJSON-serialized
 * and encrypted by the repository. Every `keys.set` is one transaction, so a crash mid-write leaves the old
 * or the new keys, never a mix; a value that cannot be read counts as missing (Baileys then renegotiates).
 */
export async function useDatabaseAuthState(repo: ChannelAuthRepo): Promise<DatabaseAuthState> {
  const stored = (await repo.get([CREDS_ID])).get(CREDS_ID);
  const creds: AuthenticationCreds = (stored && parse<AuthenticationCreds>(stored)) || initAuthCreds();
  return {
    state: {
      creds,
      keys: {
        async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
          const values = await repo.get(ids.map((id) => keyId(type, id)));
          const result: { [id: string]: SignalDataTypeMap[T] } = {};
          for (const id of ids) {
            const raw = values.get(keyId(type, id));
            let value = raw === undefined ? undefined : parse<SignalDataTypeMap[T]>(raw);
            if (value && type === "app-state-sync-key") {
              value = proto.Message.AppStateSyncKeyData.fromObject(value as object) as unknown as SignalDataTypeMap[T];
            }
            if (value !== undefined) result[id] = value;
          }
          return result;
        },
        async set(data: SignalDataSet) {
          const entries: { id: string; value: string | null }[] = [];
          for (const [type, values] of Object.entries(data)) {
            for (const [id, value] of Object.entries(values ?? {})) {
              entries.push({ id: keyId(type, id), value: value ? JSON.stringify(value, BufferJSON.replacer) : null });
            }
          }
          await repo.set(entries);
        },
        async clear() {
          await repo.clear();
        },
      },
    },
    saveCreds: () => repo.set([{ id: CREDS_ID, value: JSON.stringify(creds, BufferJSON.replacer) }]),
  };
}

function parse<T>(raw: string): T | undefined {
  try {
    return JSON.parse(raw, BufferJSON.reviver) as T;
  } catch {
    return undefined;
  }
}
