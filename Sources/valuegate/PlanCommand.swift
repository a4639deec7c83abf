import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a suite's sample counts can detect, and the samples a chosen drop needs.",
        discussion: "Example: valuegate plan Suites/relationship-advice.yaml --baseline Baselines/smollm2-135m-instruct --effect 0.15")

    @OptionGroup var suites: SuiteArguments
    @OptionGroup var baseline: BaselineOption
    @Option(help: "The absolute drop of a tracked value's rate to plan for.") var effect = 0.15
    @Option(help: "Chance of detecting that drop.") var power = 0.9

    func run() throws {
        guard effect > 0, effect < 1, power > 0.5, power < 1 else { throw UsageError("--effect must be in (0, 1) and --power in (0.5, 1)") }
        let config = try Shared.projectConfiguration(required: false)
        let extractor = try Shared.extractor()
        let loaded = try suites.load(config: config, taxonomy: extractor.taxonomy)
        var baselineResults: [SampleResult] = []
        if let directory = baseline.directory(config: config) {
            baselineResults = try Baseline.load(directory: directory).results(extractor: extractor)
        }
        for suite in loaded {
            Console.out(SamplePlan(suite: suite, baseline: baselineResults, taxonomy: extractor.taxonomy, effect: effect, power: power).report)
        }
    }
}
