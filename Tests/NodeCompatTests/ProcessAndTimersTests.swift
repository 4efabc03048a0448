import Foundation
import Testing
@testable import NodeCompat
import JSEngine
import TestSupport

@Suite struct ProcessTests {
    @Test func processDescribesTheHost() throws {
        let runtime = try makeRuntime(CapturedText(), environment: ["GREETING": "hello"])
        let json = try runtime.engine.evaluate("""
            JSON.stringify({ env: process.env.GREETING, argv: process.argv, platform: process.platform,
              version: /^v20\\./.test(process.version), node: process.versions.node,
              hr: Array.isArray(process.hrtime()) && process.hrtime().length === 2,
              hrDiff: process.hrtime(process.hrtime())[0] === 0, big: typeof process.hrtime.bigint() })
            """, sourceURL: "t.js").toString()
        #expect(json == #"{"env":"hello","argv":["jshost","main.js"],"platform":"linux","version":true,"node":"20.0.0","hr":true,"hrDiff":true,"big":"bigint"}"#)
    }

    @Test func frozenClockFixesDateButKeepsDateWorking() throws {
        let instant = Date(timeIntervalSince1970: 1_700_000_000.5)
        let runtime = try makeRuntime(CapturedText(), frozenNow: instant)
        let json = try runtime.engine.evaluate("""
            JSON.stringify([Date.now(), new Date().toISOString(), new Date(0).toISOString(), new Date() instanceof Date])
            """, sourceURL: "t.js").toString()
        #expect(json == #"[1700000000500,"2023-11-14T22:13:20.500Z","1970-01-01T00:00:00.000Z",true]"#)
    }

    @Test func processExitStopsTheRun() throws {
        let runtime = try makeRuntime(CapturedText())
        #expect(throws: NodeRuntimeError.self) {
            try runtime.script("setTimeout(() => process.exit(7), 1);")
        }
    }
}

@Suite struct TimerTests {
    @Test func callbacksRunInNodeOrder() throws {
        let output = CapturedText()
        let runtime = try makeRuntime(output)
        try runtime.script("""
            setTimeout(() => console.log('t20'), 20);
            setTimeout(() => console.log('t5'), 5);
            setImmediate(() => console.log('immediate'));
            process.nextTick(() => console.log('tick'));
            queueMicrotask(() => console.log('micro'));
            let n = 0; const iv = setInterval(() => { console.log('interval' + (++n)); if (n === 3) clearInterval(iv); }, 1);
            const cancelled = setTimeout(() => console.log('never'), 2); clearTimeout(cancelled);
            setTimeout(() => Promise.resolve().then(() => console.log('after-t5-microtask')), 6);
            console.log('sync');
            """)
        let lines = output.lines
        #expect(lines.first == "sync")
        #expect(Array(lines[1...2]) == ["tick", "micro"])
        #expect(lines.contains("immediate"))
        #expect(!lines.contains("never"))
        #expect(lines.filter { $0.hasPrefix("interval") } == ["interval1", "interval2", "interval3"])
        let t5 = try #require(lines.firstIndex(of: "t5"))
        let t20 = try #require(lines.firstIndex(of: "t20"))
        let micro = try #require(lines.firstIndex(of: "after-t5-microtask"))
        #expect(t5 < micro && micro < t20)
        #expect(lines.last == "t20")
    }

    @Test func unrefTimersDoNotKeepTheLoopAlive() throws {
        let output = CapturedText()
        let runtime = try makeRuntime(output)
        let started = ContinuousClock.now
        try runtime.script("setTimeout(() => console.log('late'), 10000).unref(); setTimeout(() => console.log('soon'), 1);")
        #expect(output.lines == ["soon"])
        #expect(started.duration(to: .now) < .seconds(5))
    }

    @Test func uncaughtExceptionInATimerStopsTheLoop() throws {
        let runtime = try makeRuntime(CapturedText())
        do {
            try runtime.script("setTimeout(() => { throw new RangeError('in timer'); }, 1);")
            Issue.record("expected an uncaught exception")
        } catch let error as NodeRuntimeError {
            guard case .uncaughtException(let exception) = error else { Issue.record("unexpected \(error)"); return }
            #expect(exception.name == "RangeError")
            #expect(exception.message == "in timer")
        }
    }

    @Test func uncaughtExceptionListenerKeepsTheRunGoing() throws {
        let output = CapturedText()
        let runtime = try makeRuntime(output)
        try runtime.script("""
            process.on('uncaughtException', (e) => console.log('caught ' + e.message));
            setTimeout(() => { throw new Error('oops'); }, 1);
            setTimeout(() => console.log('still running'), 5);
            """)
        #expect(output.lines == ["caught oops", "still running"])
    }

    @Test func unhandledRejectionsAreReported() throws {
        let output = CapturedText()
        let runtime = try makeRuntime(output)
        try runtime.script("Promise.reject(new Error('nobody listens'));")
        #expect(output.value.contains("unhandled promise rejection"))
        #expect(output.value.contains("nobody listens"))
    }

    @Test func deadlineStopsALoopThatNeverGoesIdle() throws {
        let runtime = try makeRuntime(CapturedText())
        runtime.engine.deadline = ContinuousClock.now.advanced(by: .milliseconds(300))
        let started = ContinuousClock.now
        #expect(throws: NodeRuntimeError.self) { try runtime.script("setInterval(() => {}, 10);") }
        #expect(started.duration(to: .now) < .seconds(3))
    }
}

@Suite struct ProcessResourceTests {
    @Test func memoryAndCpuUsageAreReal() throws {
        let runtime = try makeRuntime(CapturedText())
        let json = try runtime.engine.evaluate("""
            const before = process.cpuUsage(); for (let i = 0, s = 0; i < 2e6; i++) s += i;
            JSON.stringify({ rss: process.memoryUsage().rss > 1e6 && process.memoryUsage.rss() > 1e6,
                             cpu: process.cpuUsage().user >= before.user, diff: process.cpuUsage(before).user >= 0 })
            """, sourceURL: "t.js").toString()
        #expect(json == #"{"rss":true,"cpu":true,"diff":true}"#)
    }
}
