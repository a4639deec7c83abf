import ArgumentParser
import Foundation
import ValueGateKit

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Scaffold new project files.",
        subcommands: [NewSuiteCommand.self])
}

struct NewSuiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suite",
        abstract: "Write Suites/NAME.yaml: a suite with guidance for every field and one example scenario.",
        discussion: """
            The file names the suite JSON Schema in a yaml-language-server modeline (editors complete and check keys), \
            and loads and lints clean as written. An existing file is never overwritten without --force.
            Examples:
              valuegate new suite customer-support
              valuegate new suite medical-triage --context "medical advice"
              valuegate new suite drafts-pricing --directory Suites/drafts
            """)

    @Argument(help: "The suite id and file name: lowercase kebab-case, e.g. customer-support.") var name: String
    @Option(help: "Context label profiles group by (default: the name with spaces).") var context: String?
    @Option(help: "Folder to write into (created if missing).") var directory = "Suites"
    @Flag(help: "Overwrite the file if it exists.") var force = false

    func run() throws {
        let (path, schema) = try SuiteTemplate.writeScaffold(name: name, context: context, directory: directory, force: force)
        Console.out("wrote \(path)")
        if !schema.found {
            Console.out("note: its schema modeline points at \(schema.path), where a ValueGate checkout keeps it; copy \(SuiteTemplate.schemaPath) from ValueGate there for editor completion")
        }
        Console.out("next: replace the example scenario with your own, then")
        Console.out("  valuegate lint \(path)")
        Console.out("  valuegate try \(path) --scenario example-scenario")
        let config = try? Shared.projectConfiguration(required: false)
        let listed = config?.suites.contains { URL(fileURLWithPath: config!.resolve($0)).standardizedFileURL == URL(fileURLWithPath: path).standardizedFileURL } ?? false
        if !listed {
            Console.out("  and list it under 'suites:' in \(ProjectConfiguration.fileName) so 'valuegate check' plays it")
        }
    }
}
