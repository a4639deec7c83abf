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
        let extractor = try Shared.extractor()
        let loader = SuiteLoader(taxonomy: extractor.taxonomy)
        var errors = 0
        var ids: [String: String] = [:]
        for path in paths {
            var (suite, diagnostics) = loader.check(path: path)
            if let suite {
                // check loads suites together and refuses a repeated id; say so here, per file.
                if let other = ids[suite.id] {
                    diagnostics.append(Diagnostic(file: path, line: 1, column: 1, "suite id '\(suite.id)' is also the id of \(other); ids must be unique across the suites checked together"))
                }
                ids[suite.id] = ids[suite.id] ?? path
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                diagnostics += SuiteCoverage.warnings(for: suite, text: text, covered: extractor.coveredValues, taxonomy: extractor.taxonomy)
            }
            for diagnostic in diagnostics { Console.error(diagnostic.description) }
            errors += diagnostics.filter { $0.severity == .error }.count
            if let suite, !diagnostics.contains(where: { $0.severity == .error }) {
                let warnings = diagnostics.count
                Console.out("\(path): ok (\(suite.scenarios.count) scenarios, \(suite.samples) samples each)" + (warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))
            }
        }
        if errors > 0 {
            Console.error("\(errors) error\(errors == 1 ? "" : "s")")
            throw ExitCode(ExitCodes.usage)
        }
    }
}
