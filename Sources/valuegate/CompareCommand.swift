import ArgumentParser
import Foundation
import ValueGateKit

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two model versions side by side: values, response types, pressure, changed scenarios.",
        discussion: """
            A and B are each a recording (.jsonl), a baseline folder, a check result (check --json, standing \
            for the candidate it checked) or a profile (.json; counts only, no sample text). Findings are changes \
            of at least --min-change with Benjamini-Hochberg adjusted p below --alpha; the suites' expectations \
            decide which way a scenario's or a value's change counts. Exit codes: 0 done (1 with \
            --fail-on-regression and a regression), 2 usage or input error.
            Examples:
              valuegate compare Baselines/smollm2-135m-instruct Examples/recordings/smollm2-135m-instruct-agreeable.jsonl
              valuegate compare A.jsonl B.jsonl --markdown compare.md --html compare.html --json compare.json --junit compare.xml
            """)

    @Argument(help: "The reference side (A): recording, baseline folder, check result or profile.") var a: String
    @Argument(help: "The side compared with it (B).") var b: String
    /// The suites' expectations say which changes are worse.
    @OptionGroup var suites: SuiteOptions
    @Option(help: "Smallest change in a rate reported as a finding (0.10 = 10 points).") var minChange = 0.10
    @Option(help: "Significance level after Benjamini-Hochberg correction.") var alpha = 0.05
    @Option(help: "Changed scenarios shown in the terminal (all go to the files).") var scenarios = 5
    @Flag(help: "Exit 1 when B has a regression against A.") var failOnRegression = false
    @OptionGroup var reports: ReportFileOptions

    func run() async throws {
        guard (0...1).contains(minChange), alpha > 0, alpha < 1 else { throw UsageError("--min-change must be within 0...1 and --alpha within (0, 1)") }
        let extractor = try Shared.extractor()
        let config = try Shared.projectConfiguration(required: false)
        let suitePaths = suites.paths(config: config)
        let loaded = suitePaths.isEmpty ? [] : try Shared.loadSuites(suitePaths, taxonomy: extractor.taxonomy)
        let sideA = try CompareSide.load(path: a, extractor: extractor)
        let sideB = try CompareSide.load(path: b, extractor: extractor)
        let comparison = try Comparison(sideA, sideB, extractor: extractor, suites: loaded, minChange: minChange, alpha: alpha)
        Console.out(CompareReport.terminal(comparison, style: .automatic(), scenarioLimit: scenarios))
        try reports.write(comparison, junit: { CompareReport.junit(comparison) }, markdown: { CompareReport.markdown(comparison) },
                          html: { HTMLReport.compare(comparison) })
        if failOnRegression, !comparison.regressions.isEmpty { throw ExitCode(ExitStatus.gateFailed) }
    }
}
