import ArgumentParser
import ValueGateKit

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check suite files and report every problem as file:line:column.",
        discussion: """
            Takes suite files, folders (every .yaml and .yml file directly in them) and quoted glob patterns.
            Examples: valuegate lint Suites    valuegate lint 'Suites/*.yaml'   (exit 0 when clean, 2 when there are errors)
            """)

    @Argument(help: "Suite YAML files, folders of them, or glob patterns.") var paths: [String]

    func run() throws {
        guard !paths.isEmpty else { throw UsageError("name at least one suite file or folder") }
        let extractor = try Shared.extractor()
        let reports = SuiteLint(taxonomy: extractor.taxonomy, coveredValues: extractor.coveredValues).lint(paths)
        for report in reports {
            for diagnostic in report.diagnostics { Console.error(diagnostic.description) }
            if let suite = report.suite, report.errors == 0 {
                let warnings = report.diagnostics.count
                Console.out("\(report.path): ok (\(suite.scenarios.count) scenarios, \(suite.samples) samples each)" + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))
            }
        }
        let errors = reports.map(\.errors).reduce(0, +)
        if errors > 0 {
            Console.error("\(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
