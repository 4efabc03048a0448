import ComponentRuntime
import Foundation
import NodeCompat
import JSHostCore

extension HostConfiguration {
    /// What a component run from this command line gets: this process's environment (its TMPDIR the scratch
    /// folder), working folder and LOG_LEVEL, and the given permissions and time limit.
    static func commandLine(timeout seconds: Double, permissions: Permissions, scratch: String) -> HostConfiguration {
        var host = HostConfiguration()
        host.timeout = .milliseconds(Int64(seconds * 1000))
        host.logLevel = RunCommand.logLevel
        host.permissions = permissions
        host.environment = ProcessInfo.processInfo.environment
        host.environment["TMPDIR"] = scratch
        host.temporaryFolder = scratch
        host.workingDirectory = FileManager.default.currentDirectoryPath
        return host
    }

    /// The same for a flow step: named by `key`, under the store's snapshot limit, with the --allow-* permissions
    /// and the step's own scratch folder in the state folder.
    static func commandLine(step key: StepKey, component: ComponentDescriptor, timeout seconds: Double, state: StateOptions,
                            access: PermissionOptions) -> HostConfiguration {
        let scratch = PermissionOptions.scratchDirectory(stateDirectory: state.directory, key: key)
        var host = commandLine(timeout: seconds,
                               permissions: access.permissions(componentDirectory: component.directory, scratch: scratch,
                                                               stateDirectory: state.directory),
                               scratch: scratch)
        host.snapshotLimit = state.limit
        host.flowID = key.flow
        host.stepID = key.step
        return host
    }
}
