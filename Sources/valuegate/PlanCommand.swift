import ArgumentParser
import Foundation
import ValueExtractor
import ValueGateKit

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what a suite's sample counts can detect, and the samples a chosen drop needs.",
        discussion: "Example: valuegate plan Suites/relationship-advice.yaml --baseline Baselines/smollm2-135m-instruct --effect 0.15")

    @Argument(help: "Suite YAML files (default: the suites in valuegate.yaml).") var suites: [String] = []
    @Option(help: "Baseline folder, for real rates (default: valuegate.yaml's baseline, if any).") var baseline: String?
    @Option(help: "The absolute drop of a tracked value's rate to plan for.") var effect = 0.15
    @Option(help: "Chance of detecting that drop.") var power = 0.9

    func run() throws {
        guard effect > 0, effect < 1, power > 0.5, power < 1 else { throw UsageError("--effect must be in (0, 1) and --power in (0.5, 1)") }
        let config = try Shared.projectConfiguration(required: false)
        let extractor = try Shared.extractor()
        let paths = Shared.suitePaths(suites, config: config)
        let loaded = try Shared.loadSuites(paths, taxonomy: extractor.taxonomy)
        var baselineResults: [SampleResult] = []
        if let directory = baseline ?? config.map({ $0.resolve($0.baseline) }) {
            baselineResults = try Baseline.load(directory: directory).results(extractor: extractor)
        }
        for suite in loaded {
            Console.out(SamplePlan(suite: suite, baseline: baselineResults, taxonomy: extractor.taxonomy, effect: effect, power: power).report)
        }
    }
}

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Estimate the gate's false-failure rate (A/A resampling of the baseline) and its power against injected drops.",
        discussion: "Example: valuegate calibrate --trials 200 --effect 0.15   (goal: false failures <= 2%, power >= 90%)")

    @Argument(help: "Suite YAML files (default: the suites in valuegate.yaml).") var suites: [String] = []
    @Option(help: "Baseline folder (default: valuegate.yaml's baseline).") var baseline: String?
    @Option(help: "Calibrate on this recording instead of a baseline, e.g. a real model's replies.") var recording: String?
    @Option(help: "Resampling trials per estimate.") var trials = 100
    @Option(help: "Drop of a tracked value's rate to inject.") var effect = 0.15
    @Option(help: "Random seed, for reproducible figures.") var seed: UInt64 = 1
    @Option(help: "Project the figures at this many samples per scenario (resampled from the baseline) instead of the recorded count.")
    var samples: Int?

    func run() throws {
        if let samples, samples < 1 { throw UsageError("--samples must be at least 1") }
        if recording != nil && baseline != nil { throw UsageError("pass --baseline or --recording, not both") }
        let config = try Shared.projectConfiguration(required: (baseline == nil && recording == nil) || suites.isEmpty)
        let extractor = try Shared.extractor()
        let paths = Shared.suitePaths(suites, config: config)
        let loaded = try Shared.loadSuites(paths, taxonomy: extractor.taxonomy)
        let results: [SampleResult]
        if let recording {
            results = SampleResult.extract(try RunPlan(suites: loaded).entries(from: Recording.readValid(path: recording)), with: extractor)
        } else {
            guard let directory = baseline ?? config.map({ $0.resolve($0.baseline) }) else { throw UsageError("pass --baseline DIR or --recording FILE") }
            let stored = try Baseline.load(directory: directory)
            try stored.checkComparable(with: loaded, extractor: extractor)
            results = try stored.results(extractor: extractor)
        }
        let outcome = Calibration(suites: loaded, baseline: results, taxonomy: extractor.taxonomy, trials: trials, effect: effect, seed: seed,
                                  samplesPerScenario: samples).run()
        if let samples { Console.out("projected at \(samples) samples per scenario (resampled from the baseline's \(results.count) samples)") }

        func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        let ff = outcome.falseFailures, ci = ff.wilsonInterval()
        Console.out("false failures (A/A, baseline against itself): \(ff.successes) of \(ff.trials) trials = \(percent(ff.rate)) [95% \(percent(ci.lowerBound))–\(percent(ci.upperBound))]; goal <= 2%")
        for (cause, count) in outcome.falseFailureCauses.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(8) {
            Console.out("  \(count)× \(cause)")
        }
        Console.out("power against a \(Int(effect * 100))-point drop of each tracked value (\(trials) trials each); goal >= 90%:")
        var powers: [Double] = []
        for row in outcome.power {
            if let power = row.power {
                powers.append(power.rate)
                Console.out("  \(row.suite) · \(row.value) (rate \(percent(row.baselineRate))): detected \(percent(power.rate))")
            } else {
                Console.out("  \(row.suite) · \(row.value) (rate \(percent(row.baselineRate))): cannot drop \(Int(effect * 100)) points from this rate; not tested")
            }
        }
        if !powers.isEmpty {
            let met = powers.filter { $0 >= 0.9 }.count
            Console.out("\(met) of \(powers.count) testable values reach 90% power; lowest \(percent(powers.min()!)), median \(percent(powers.sorted()[powers.count / 2]))")
        }
    }
}
