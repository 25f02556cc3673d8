// Hardhat 2 with the npm solc-js compiler: nothing is downloaded at build time.
require("@nomicfoundation/hardhat-toolbox");
const path = require("path");
const { subtask } = require("hardhat/config");
const {
  TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD,
  TASK_COMPILE_SOLIDITY_COMPILE_SOLC,
} = require("hardhat/builtin-tasks/task-names");

const SOLC_VERSION = require("solc/package.json").version;

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async (args, hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper();
  const solc = require("solc");
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: SOLC_VERSION,
    longVersion: solc.version().replace(".Emscripten.clang", ""),
  };
});

// Compiler warnings are errors: a build with any warning fails.
subtask(TASK_COMPILE_SOLIDITY_COMPILE_SOLC, async (args, hre, runSuper) => {
  const result = await runSuper(args);
  const warnings = (result.output.errors || []).filter((e) => e.severity === "warning");
  if (warnings.length > 0) {
    for (const w of warnings) console.error(w.formattedMessage);
    throw new Error(`${warnings.length} compiler warning(s); warnings are errors`);
  }
  return result;
});

/** @type import('hardhat/config').HardhatUserConfig */
module.exports = {
  solidity: {
    version: SOLC_VERSION,
    // London: the newest fork every consortium client runs before proof of stake (Clique and
    // QBFT networks included), so the same bytecode deploys on the local and member chains.
    settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "london" },
  },
  paths: {
    sources: path.join(__dirname, "contracts"), // a link to ../contracts
    tests: path.join(__dirname, "test"),
    cache: path.join(__dirname, "cache"),
    artifacts: path.join(__dirname, "artifacts"),
  },
  gasReporter: {
    enabled: true,
    offline: true,
    currency: "USD",
    noColors: true,
    reportPureAndViewMethods: false,
  },
  mocha: { timeout: 120000 },
};
