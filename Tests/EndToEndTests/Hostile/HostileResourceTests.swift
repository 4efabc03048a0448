import Foundation
import Testing

/// Resources: a component that eats memory, or a machine that limits it, ends the run with a clear message and
/// its own exit code; nothing is committed.
@Suite struct HostileResourceTests {
    @Test(arguments: [
        "const a = []; while (true) a.push(new Array(1000).fill('x' + a.length));",
        "const keep = []; const spin = () => { keep.push({ a: [1, 2, 3], s: 'abc' + keep.length }); Promise.resolve().then(spin); }; spin();",
    ])
    func memoryBombsStopAtTheLimit(code: String) throws {
        let workspace = try Workspace()
        let component = try workspace.component("exports.process = async function () { \(code) };")
        let run = try workspace.jshost(["run", component, "--max-memory", "300M", "--timeout", "50"])
        #expect(run.status == 7, "\(run.stderr.suffix(300))")
        #expect(run.lastStderrLine.contains("out of memory") && run.lastStderrLine.contains("300 MiB") && run.lastStderrLine.contains("nothing was committed"),
                "\(run.lastStderrLine)")
        #expect(try workspace.jshost(["snapshot", "get", component]).status == 1)
    }

    @Test func aSmallAddressSpaceLimitIsExplainedAndAnOrdinaryOneIsEnough() throws {
        let workspace = try Workspace()
        let tight = try workspace.shell("ulimit -v 3000000 && exec \"$JSHOST\" run components/iteration-counter")
        #expect(tight.status == 7, "\(tight.stderr.suffix(300))")
        #expect(tight.stderr.contains("address-space limit (ulimit -v)"), "\(tight.stderr)")
        let ordinary = try workspace.shell("ulimit -v 5242880 && exec \"$JSHOST\" run components/iteration-counter")
        #expect(ordinary.status == 0, "under a 5 GiB address-space limit: \(ordinary.stderr.suffix(400))")
    }

    @Test func aRunsDataIsBoundedBeforeItIsPrinted() throws {
        let workspace = try Workspace()
        // 17 messages of just under 8 Mi characters: the 17th would pass 128 Mi characters in one run.
        let component = try workspace.component("""
            exports.process = async function () {
              const blob = 'x'.repeat((8 << 20) - 100);
              for (let i = 0; i < 17; i++) await this.emit('data', { body: { i, blob } });
            };
            """)
        let run = try workspace.jshost(["run", component, "--max-memory", "3G"])
        #expect(run.status == 1, "\(run.stderr.suffix(300))")
        #expect(run.stdoutLines.filter { $0.contains(#""event":"data""#) }.count == 16)
        #expect(run.stdout.contains("DataLimitError"))
        #expect(run.lastStderrLine.contains("committed run") && run.lastStderrLine.contains("16 data messages"), "\(run.lastStderrLine)")
    }
}
