// test/peers/dehydrated-peer.mjs: dehydrated devices (MSC3814) in
// matrix-sdk-crypto-wasm 18.9.0 (vodozemac inside), for test/test_dehydrated_live.c.
// Started by dehydrated-peer.sh; JSON lines on stdin/stdout, one reply per request, a
// failure replies {"error": "..."} and the peer goes on. Keys are 64 hex characters.
//   {"op":"create","key":HEX}
//     -> {"device_id","device_pickle","nonce","curve25519","ed25519",
//         "one_time_keys": "K K ...", "fallback_key"}       what keysForUpload publishes
//   {"op":"rehydrate","key":HEX,"device_id":S,"device_pickle":S,"nonce":S,"events":[...]}
//     -> {"session_ids": "S S ..."}    the room keys the rehydrated device took from events
// The devices belong to @alice:example.org.
import * as sdk from "@matrix-org/matrix-sdk-crypto-wasm";
import readline from "node:readline";

if (sdk.initAsync) await sdk.initAsync();

const USER = "@alice:example.org";

function deviceKey(hex) {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error("key: 64 hex characters");
  return sdk.DehydratedDeviceKey.createKeyFromArray(Uint8Array.from(Buffer.from(hex, "hex")));
}

function onlyValue(obj, what) {
  const values = Object.values(obj);
  if (values.length !== 1) throw new Error(`${what}: ${values.length} entries`);
  return values[0];
}

let machines = 0;
async function machine() {
  machines += 1;
  return sdk.OlmMachine.initialize(new sdk.UserId(USER), new sdk.DeviceId(`PEERDEVICE${machines}`));
}

const ops = {
  async create(r) {
    const m = await machine();
    await m.bootstrapCrossSigning(true); // a dehydrated device is signed by the self-signing key
    const device = await m.dehydratedDevices().create();
    const body = JSON.parse((await device.keysForUpload("cliquet test", deviceKey(r.key))).body);
    const id = body.device_id;
    if (body.device_data.algorithm !== "org.matrix.msc3814.v2") {
      throw new Error(`device_data algorithm ${body.device_data.algorithm}`);
    }
    return {
      device_id: id,
      device_pickle: body.device_data.device_pickle,
      nonce: body.device_data.nonce,
      curve25519: body.device_keys.keys[`curve25519:${id}`],
      ed25519: body.device_keys.keys[`ed25519:${id}`],
      one_time_keys: Object.values(body.one_time_keys).map((k) => k.key).join(" "),
      fallback_key: onlyValue(body.fallback_keys, "fallback_keys").key,
    };
  },
  async rehydrate(r) {
    const m = await machine();
    const data = JSON.stringify({
      algorithm: "org.matrix.msc3814.v2", device_pickle: r.device_pickle, nonce: r.nonce,
    });
    const device = await m.dehydratedDevices().rehydrate(
      deviceKey(r.key), new sdk.DeviceId(r.device_id), data);
    const keys = await (await device.receiveEvents(JSON.stringify(r.events)));
    return { session_ids: keys.map((k) => k.sessionId).join(" ") };
  },
};

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  let reply;
  try {
    const req = JSON.parse(line);
    const op = ops[req.op];
    if (!op) throw new Error(`unknown op ${req.op}`);
    reply = await op(req);
  } catch (e) {
    reply = { error: String(e && e.message ? e.message : e) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
}
