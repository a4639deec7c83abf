import ArgumentParser
import ValueExtractor
import ValueGateKit

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check suite files and report every problem as file:line:column.",
        discussion: "Example: valuegate lint Suites/*.yaml   (exit 0 when clean, 2 when there are errors)")

    @Argument(help: "Suite YAML files.") var paths: [String]

    func run() throws {
        guard !paths.isEmpty else { throw UsageError("name at least one suite file") }
        let loader = SuiteLoader(taxonomy: try Taxonomy.bundled())
        var errors = 0
        for path in paths {
            let (suite, diagnostics) = loader.check(path: path)
            for diagnostic in diagnostics { Console.error(diagnostic.description) }
            errors += diagnostics.filter { $0.severity == .error }.count
            if diagnostics.isEmpty, let suite {
                Console.out("\(path): ok (\(suite.scenarios.count) scenarios, \(suite.samples) samples each)")
            }
        }
        if errors > 0 {
            Console.error("\(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(ExitCodes.usage)
        }
    }
}
