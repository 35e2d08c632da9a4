import { Contract, getAddress, Interface, type InterfaceAbi, type Signer } from "ethers";
import { IndexRouter__factory, UniswapSolver__factory } from "../../../types/ethers-contracts/index.js";
import type { Manifest } from "../../../manifest/index.js";
import { DEFAULT_ADMIN_ROLE, FLOW_ABIS, type ContractName, type FlowContext, type RoleTarget } from "./context.js";
import type { GovernanceStep } from "./governance.js";
import type { IndexStep } from "./indexVault.js";
import type { OracleStep } from "./oracle.js";
import type { RebalancingStep } from "./rebalancing.js";
import type { StakingStep } from "./staking.js";

/**
 * The timelock becomes the factory's vault admin and vault creator and DEFAULT_ADMIN_ROLE of every contract; the
 * deployer renounces each of its roles (the timelock's last). Then `assertHandedOver` checks the result.
 */
export async function handoverStep(
  ctx: FlowContext,
  deps: OracleStep & StakingStep & IndexStep & RebalancingStep & GovernanceStep,
): Promise<void> {
  const { signer, deployer, manifest, step, grant, renounce, save } = ctx;
  const { oracle, vault, ve, distributor, rebalancer, upkeep, factory, timelock, timelockAddress } = deps;
  await step(
    "IndexFactory.setVaultAdmin(timelock)",
    async () => (await factory.vaultAdmin()) === timelockAddress,
    () => factory.setVaultAdmin(timelockAddress),
  );
  const creator = await factory.VAULT_CREATOR_ROLE();
  await grant("IndexFactory VAULT_CREATOR_ROLE", factory, creator, timelockAddress);
  await renounce("IndexFactory VAULT_CREATOR_ROLE", factory, creator);

  const accessControlled: [string, RoleTarget][] = [
    ["PriceOracle", oracle],
    ["Index", vault],
    ...deps.moreIndices.map((m): [string, RoleTarget] => [`Index ${m.symbol}`, m.vault]),
    ["VeTMAI", ve],
    ["RevenueDistributor", distributor],
    ["Rebalancer", rebalancer],
    ["RebalanceUpkeep", upkeep],
  ];
  if (manifest.contracts.IndexRouter !== undefined) {
    accessControlled.push([
      "IndexRouter",
      IndexRouter__factory.connect(manifest.contracts.IndexRouter.address, signer),
    ]);
  }
  if (manifest.contracts.UniswapSolver !== undefined) {
    const address = manifest.contracts.UniswapSolver.address;
    accessControlled.push(["UniswapSolver", UniswapSolver__factory.connect(address, signer)]);
  }
  accessControlled.push(["IndexFactory", factory]); // after setVaultAdmin, which needed the factory's admin
  for (const [name, target] of accessControlled) {
    await grant(`${name} DEFAULT_ADMIN_ROLE`, target, DEFAULT_ADMIN_ROLE, timelockAddress);
    await renounce(`${name} DEFAULT_ADMIN_ROLE`, target, DEFAULT_ADMIN_ROLE);
  }
  // Last: the timelock's bootstrap admin (the timelock then administers itself only).
  await renounce("Timelock DEFAULT_ADMIN_ROLE", timelock, DEFAULT_ADMIN_ROLE);

  manifest.roles.admin = timelockAddress;
  await save();
  await assertHandedOver(signer, manifest, deployer, timelockAddress);
}

/** Every role constant of an AccessControl ABI (`*_ROLE()`), plus DEFAULT_ADMIN_ROLE. */
function roleNames(abi: InterfaceAbi): string[] {
  const iface = new Interface(abi);
  const names: string[] = [];
  iface.forEachFunction((f) => {
    if (f.name.endsWith("_ROLE") && f.inputs.length === 0) names.push(f.name);
  });
  return names;
}

/**
 * Fails loudly unless the timelock is admin of every access-controlled contract of the manifest, the deployer
 * holds no role (any `*_ROLE` or DEFAULT_ADMIN_ROLE) on any of them, and the UniswapSolver (if any) sends its profit
 * to the timelock.
 */
export async function assertHandedOver(
  signer: Signer,
  manifest: Manifest,
  deployer: string,
  timelock: string,
): Promise<void> {
  const problems: string[] = [];
  const entries: [string, InterfaceAbi | undefined, string][] = [
    ...Object.entries(manifest.contracts)
      // Third-party contracts from npm packages (the local stack's Uniswap v3 stand-ins) hold none of our roles.
      .filter(([name, e]) => name in FLOW_ABIS || !(e.contract?.startsWith("@") ?? false))
      .map(([name, e]): [string, InterfaceAbi | undefined, string] => [
        name,
        name in FLOW_ABIS ? FLOW_ABIS[name as ContractName] : undefined,
        e.address,
      ]),
    ...manifest.indices.map((i): [string, InterfaceAbi, string] => [i.name, FLOW_ABIS.Index, i.address]),
  ];
  for (const [name, abi, address] of entries) {
    if (abi === undefined) {
      problems.push(`${name}: not a contract of the network flow (no ABI to check its roles)`);
      continue;
    }
    const iface = new Interface(abi);
    if (iface.getFunction("hasRole(bytes32,address)") === null) continue;
    const contract = new Contract(address, iface, signer);
    const hasRole = contract.getFunction("hasRole");
    for (const roleName of roleNames(abi)) {
      const role = (await contract.getFunction(roleName)()) as string;
      if ((await hasRole(role, deployer)) as boolean) problems.push(`${name}: deployer still holds ${roleName}`);
    }
    if (getAddress(address) !== getAddress(timelock) && !((await hasRole(DEFAULT_ADMIN_ROLE, timelock)) as boolean)) {
      problems.push(`${name}: the timelock is not DEFAULT_ADMIN_ROLE`);
    }
  }
  const solver = manifest.contracts.UniswapSolver;
  if (solver !== undefined) {
    const recipient = await UniswapSolver__factory.connect(solver.address, signer).profitRecipient();
    if (getAddress(recipient) !== getAddress(timelock)) {
      problems.push(`UniswapSolver: profit goes to ${recipient}, not the timelock`);
    }
  }
  if (problems.length > 0) {
    throw new Error(`Role hand-over incomplete:\n  - ${problems.join("\n  - ")}`);
  }
}
