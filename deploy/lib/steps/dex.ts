import { IndexRouter__factory, UniswapSolver__factory } from "../../../types/ethers-contracts/index.js";
import { DeployConfigError } from "../networkConfig.js";
import { DEFAULT_ADMIN_ROLE, swapRouterOf, wad, type FlowContext } from "./context.js";
import type { GovernanceStep } from "./governance.js";
import type { OracleStep } from "./oracle.js";
import type { RebalancingStep } from "./rebalancing.js";

/**
 * IndexRouter and UniswapSolver (fill profit to the timelock, the keeper as operator), where the config has a
 * Uniswap v3 router.
 */
export async function dexStep(ctx: FlowContext, deps: OracleStep & RebalancingStep & GovernanceStep): Promise<void> {
  const { signer, deployer, config: c, operators: ops, log, ensure, step, grant } = ctx;
  const { oracleAddress, stable, timelockAddress } = deps;
  const r = c.rebalancing;
  // The original SwapRouter where the config has one, else SwapRouter02 (Base, Sepolia): the contracts tell them
  // apart by SwapRouter02's factoryV2().
  const swapRouter = swapRouterOf(c);
  if (swapRouter !== undefined) {
    const routerArgs = [swapRouter, oracleAddress, deployer, wad(r.maxOracleDeviation)] as const;
    await ensure("IndexRouter", routerArgs, () => new IndexRouter__factory(signer).deploy(...routerArgs));
    // Fill profit arrives in the asset the vault bought (USDC, WETH…): it goes to the timelock, which governance
    // can spend any token from (the revenue distributor only accounts for its registered reward tokens).
    const solverArgs = [swapRouter, stable.token, deployer, timelockAddress] as const;
    const solverAddress = await ensure("UniswapSolver", solverArgs, () =>
      new UniswapSolver__factory(signer).deploy(...solverArgs),
    );
    const solver = UniswapSolver__factory.connect(solverAddress, signer);
    await step(
      "UniswapSolver.setProfitRecipient(timelock)",
      async () => (await solver.profitRecipient()) === timelockAddress,
      async () => {
        // A solver recorded by an earlier flow, already handed over: only governance can redirect its profit.
        if (!(await solver.hasRole(DEFAULT_ADMIN_ROLE, deployer))) {
          throw new DeployConfigError(
            `UniswapSolver at ${solverAddress} sends its profit to ${await solver.profitRecipient()}, not the ` +
              `timelock ${timelockAddress}, and the deployer is no longer its admin: propose ` +
              `UniswapSolver.setProfitRecipient(${timelockAddress}) through governance (npm run gov -- propose).`,
          );
        }
        return solver.setProfitRecipient(timelockAddress);
      },
    );
    await grant("UniswapSolver OPERATOR_ROLE", solver, await solver.OPERATOR_ROLE(), ops.keeper);
  } else {
    log(`– IndexRouter and UniswapSolver skipped: ${c.name} has no Uniswap v3 router configured`);
  }
}
