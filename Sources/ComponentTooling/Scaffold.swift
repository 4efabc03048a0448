import JSHostCore
import Foundation
import ComponentRuntime

/// `jshost init`: a new component that `jshost test` passes on straight away.
public struct Scaffold {
    public var directory: String
    public var triggers: [String]
    public var actions: [String]

    public init(directory: String, triggers: [String], actions: [String]) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.triggers = triggers.isEmpty && actions.isEmpty ? ["poll"] : triggers
        self.actions = actions
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Writes the files, records the golden files by running the new cases, and returns the paths written.
    @discardableResult
    public func create() throws -> [String] {
        try checkNames()
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: directory), !existing.isEmpty {
            throw Failure(description: "\(directory) already exists and is not empty; choose a new folder")
        }
        var written: [String] = []
        for (relative, contents) in files() {
            let url = URL(fileURLWithPath: directory).appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
            written.append(relative)
        }
        var suite = ComponentTestSuite(component: try ComponentDescriptor(directory: directory))
        suite.update = true
        let outcomes = try suite.run(try suite.cases())
        written += outcomes.map { "test/golden/" + $0.name + ".json" }
        return written.sorted()
    }

    private func checkNames() throws {
        let all = triggers + actions
        for name in all {
            let range = NSRange(name.startIndex..., in: name)
            if ComponentValidator.idPattern.firstMatch(in: name, range: range) == nil {
                throw Failure(description: "\"\(name)\" is not a valid trigger or action id: use a letter first, then letters, digits or _")
            }
        }
        if Set(all).count != all.count {
            throw Failure(description: "trigger and action ids must be unique: \(all.joined(separator: ", "))")
        }
    }

    var name: String { URL(fileURLWithPath: directory).lastPathComponent }

    func files() -> [String: String] {
        var files: [String: String] = [:]
        var triggerDefinitions: [String: Any] = [:]
        var actionDefinitions: [String: Any] = [:]
        var fixtures: [String: Any] = [:]
        for trigger in triggers {
            triggerDefinitions[trigger] = [
                "title": "\(trigger) (trigger)", "description": "Emits the records added since the last run.",
                "type": "polling", "main": "./lib/triggers/\(trigger).js",
                "metadata": ["out": ["type": "object", "properties": ["count": ["type": "number"], "polledAt": ["type": "string"]]]],
            ]
            files["lib/triggers/\(trigger).js"] = Self.triggerSource
            fixtures[trigger] = ["msg": ["body": [String: Any]()], "cfg": [String: Any](), "snapshot": [String: Any]()]
            files["test/cases/\(trigger)-three-runs.json"] = JSONText.canonical([
                "description": "Three polls in a row: each run sees the snapshot the one before left.",
                "function": trigger, "runs": 3,
            ]) + "\n"
        }
        for action in actions {
            actionDefinitions[action] = [
                "title": "\(action) (action)", "description": "Greets the name in the incoming message.",
                "main": "./lib/actions/\(action).js",
                "fields": ["greeting": ["label": "Greeting", "required": false, "viewClass": "TextFieldView"]],
                "metadata": [
                    "in": ["type": "object", "properties": ["name": ["type": "string", "required": true]]],
                    "out": ["type": "object", "properties": ["message": ["type": "string"]]],
                ],
            ]
            files["lib/actions/\(action).js"] = Self.actionSource
            fixtures[action] = ["msg": ["body": ["name": "Ada"]], "cfg": ["greeting": "Hello"]]
        }
        var component: [String: Any] = ["title": name, "description": "A component made with jshost init."]
        if !triggerDefinitions.isEmpty { component["triggers"] = triggerDefinitions }
        if !actionDefinitions.isEmpty { component["actions"] = actionDefinitions }
        files["component.json"] = JSONText.canonical(component) + "\n"
        files["test/fixture.json"] = JSONText.canonical(["fixtures": fixtures]) + "\n"
        files["package.json"] = JSONText.canonical([
            "name": name.lowercased(), "version": "1.0.0", "private": true,
            "description": "An elastic.io component", "main": "component.json",
            "dependencies": ["elasticio-node": "0.0.9", "elasticio-sailor-nodejs": "2.7.8"],
        ]) + "\n"
        files[".gitignore"] = "node_modules/\n.env\n.jshost/\n"
        files["README.md"] = readme()
        return files
    }

    func readme() -> String {
        let functions = triggers.map { "- trigger `\($0)`: `lib/triggers/\($0).js`" } + actions.map { "- action `\($0)`: `lib/actions/\($0).js`" }
        return """
            # \(name)

            An elastic.io component.

            \(functions.joined(separator: "\n"))

            ## Try it

            ```sh
            jshost run .\(triggers.count + actions.count > 1 ? " --function \((triggers + actions)[0])" : "")
            jshost test .             # runs test/fixture.json and test/cases/*.json against test/golden/
            jshost test . --update    # records new golden files after an intended change
            jshost validate .
            ```

            `test/fixture.json` is elasticio-cli's fixture format; `{{VAR}}` placeholders are filled from `.env`.
            `test/cases/*.json` are jshost cases: chained runs, a fixed clock, environment, service calls.

            """
    }

    static let triggerSource = """
        'use strict';

        const { messages } = require('elasticio-node');

        // A polling trigger: the snapshot remembers how far it got, so each run emits only what is new.
        exports.process = async function process(msg, cfg, snapshot) {
          const count = (snapshot.count || 0) + 1;
          this.logger.info('Poll number %d', count);
          await this.emit('data', messages.newMessageWithBody({ count, polledAt: new Date().toISOString() }));
          await this.emit('snapshot', { count });
          await this.emit('end');
        };

        """

    static let actionSource = """
        'use strict';

        const { messages } = require('elasticio-node');

        // An action: turns each incoming message into one outgoing message.
        exports.process = async function process(msg, cfg) {
          if (!msg.body || typeof msg.body.name !== 'string') {
            throw new Error('msg.body.name must be a string');
          }
          return messages.newMessageWithBody({ message: `${cfg.greeting || 'Hello'}, ${msg.body.name}!` });
        };

        """
}
