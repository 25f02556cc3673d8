// Guards the "test everything" promise: every external function, custom error and event of the
// registry ABI must be named in at least one test file, so a new one cannot land untested.
const { expect } = require("chai");
const fs = require("fs");
const path = require("path");
const { artifacts } = require("hardhat");

function testSources() {
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".js") && p !== __filename) files.push(fs.readFileSync(p, "utf8"));
    }
  };
  walk(__dirname);
  return files.join("\n");
}

describe("ABI surface is covered by tests", function () {
  let abi, sources;
  before(async function () {
    ({ abi } = await artifacts.readArtifact("CreditBankRegistry"));
    sources = testSources();
  });

  const named = (type) => [...new Set(abi.filter((x) => x.type === type).map((x) => x.name))];

  it("every custom error is asserted with revertedWithCustomError", function () {
    const missing = named("error").filter((n) => !sources.includes(`"${n}"`));
    expect(missing, "errors never named in a test").to.deep.equal([]);
  });

  it("every event is asserted with emit", function () {
    const missing = named("event").filter((n) => !sources.includes(`"${n}"`));
    expect(missing, "events never named in a test").to.deep.equal([]);
  });

  it("every function is called", function () {
    const missing = named("function").filter((n) => !sources.includes(`.${n}(`) && !sources.includes(`"${n}"`));
    expect(missing, "functions never called in a test").to.deep.equal([]);
  });
});
