import ArgumentParser
import Foundation
import ValueGateKit

@main
struct ValueGateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "valuegate",
        abstract: "Gate model releases on the values they express.",
        discussion: "Exit codes: \(ExitStatus.summary).",
        version: "0.1.0",
        subcommands: [CheckCommand.self, CompareCommand.self, RunCommand.self, ProfileCommand.self, MergeCommand.self, BaselineCommand.self,
                      LintCommand.self, TaxonomyCommand.self, ExtractorCommand.self, PlanCommand.self, CalibrateCommand.self,
                      InitCommand.self, NewCommand.self, TryCommand.self, ImportCommand.self])

    /// Maps every error to the documented exit codes: argument and input errors are 2,
    /// not ArgumentParser's 64, so CI scripts can tell "bad input" from "gate failed".
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            Console.error(message(for: error))
            Foundation.exit(ExitStatus.usage.rawValue)
        }
    }

    static func message(for error: Error) -> String {
        switch error {
        case let error as DiagnosticsError: return error.diagnostics.map(Hints.worded).joined(separator: "\n")
        case let error as Diagnostic: return Hints.worded(error)
        case let error as InputError: return Hints.worded(error)
        case let error as UsageError: return "error: \(error.message)"
        case is CancellationError: return "error: interrupted"
        default:
            let text = fullMessage(for: error)
            return text.hasPrefix("Error:") || text.hasPrefix("error:") ? text : "error: \(text)"
        }
    }
}

/// A problem with how the command was called: a flag's value, a missing option.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
}

extension ExitCode {
    init(_ status: ExitStatus) { self.init(status.rawValue) }
}

enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func log(_ text: String) { error(text) }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func write(_ text: String, to path: String) throws { try FileAccess.write(text, to: path) }
}
