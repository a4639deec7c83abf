import ArgumentParser
import ValueGateKit

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Estimate the gate's false-failure rate (A/A resampling of the baseline) and its power against injected drops.",
        discussion: "Example: valuegate calibrate --trials 200 --effect 0.15   (goal: false failures <= 2%, power >= 90%)")

    @OptionGroup var suites: SuiteArguments
    @OptionGroup var baseline: BaselineOption
    @Option(help: "Calibrate on this recording instead of a baseline, e.g. a real model's replies.") var recording: String?
    @Option(help: "Resampling trials per estimate.") var trials = 100
    @Option(help: "Drop of a tracked value's rate to inject.") var effect = 0.15
    @Option(help: "Random seed, for reproducible figures.") var seed: UInt64 = 1
    @Option(help: "Project the figures at this many samples per scenario (resampled from the baseline) instead of the recorded count.")
    var samples: Int?

    func run() throws {
        if let samples, samples < 1 { throw UsageError("--samples must be at least 1") }
        if recording != nil && baseline.baseline != nil { throw UsageError("pass --baseline or --recording, not both") }
        let config = try Shared.projectConfiguration(required: (baseline.baseline == nil && recording == nil) || suites.suites.isEmpty)
        let extractor = try Shared.extractor()
        let loaded = try suites.load(config: config, taxonomy: extractor.taxonomy)
        let source: CalibrationRun.Source
        if let recording {
            source = .recording(recording)
        } else if let directory = baseline.directory(config: config) {
            source = .baseline(directory)
        } else {
            throw UsageError("pass --baseline DIR or --recording FILE")
        }
        let (outcome, count) = try CalibrationRun(suites: loaded, source: source, extractor: extractor)
            .run(trials: trials, effect: effect, seed: seed, samplesPerScenario: samples)
        Console.out(CalibrationReport.terminal(outcome, samples: count, projectedTo: samples))
    }
}
