import Foundation
import JSEngine
import Testing
import TestSupport
@testable import NodeCompat

/// A runtime let go lets its engine go: what the engine's heap holds (host functions' closures, collection tokens)
/// must not hold the engine, or every runtime made and dropped (a step's engine recreated) keeps its whole heap.
@Suite struct RuntimeReleaseTests {
    @Test func aRuntimeThatRanBuiltinsReleasesItsEngine() throws {
        weak var runtime: NodeRuntime?
        weak var engine: JSEngine?
        try {
            let tree = try ScratchFolder(files: ["main.js": """
                const crypto = require('crypto'), zlib = require('zlib'), fs = require('fs');
                const url = new URL('https://example.org/a?b=1');
                const digest = crypto.createHash('sha256').update(fs.readFileSync(__filename)).digest('hex').length;
                const inflated = zlib.inflateSync(zlib.deflateSync(Buffer.from('hello'))).toString();
                setTimeout(() => { module.exports.timer = 'fired'; }, 1);
                module.exports = { host: url.host, digest, inflated };
                """])
            let made = try makeRuntime(CapturedText(), cwd: tree.root)
            let exports = try made.requireMain(tree.path("main.js"))
            try made.runLoop()
            #expect(try exports.toJSON() == #"{"host":"example.org","digest":64,"inflated":"hello","timer":"fired"}"#)
            runtime = made
            engine = made.engine
        }()
        #expect(runtime == nil)
        #expect(engine == nil)
    }
}
