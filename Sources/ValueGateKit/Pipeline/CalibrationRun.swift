import ValueExtractor

/// Calibrates the gate on stored samples: a reviewed baseline (checked against the suites as
/// `check` would) or any recording, such as a real model's replies.
public struct CalibrationRun {
    public enum Source: Sendable {
        case baseline(String)
        case recording(String)
    }

    public var suites: [Suite]
    public var source: Source
    public var extractor: any ValueExtracting

    public init(suites: [Suite], source: Source, extractor: any ValueExtracting) {
        self.suites = suites
        self.source = source
        self.extractor = extractor
    }

    /// The samples calibration resamples: those of the suites given.
    public func samples() throws -> [SampleResult] {
        let ids = Set(suites.map(\.id))
        return try allSamples().filter { ids.contains($0.key.suite) }
    }

    private func allSamples() throws -> [SampleResult] {
        switch source {
        case .recording(let path):
            return SampleResult.extract(try RunPlan(suites: suites).entries(from: Recording.readValid(path: path)), with: extractor)
        case .baseline(let directory):
            let stored = try Baseline.load(directory: directory)
            try stored.checkComparable(with: suites, extractor: extractor)
            return try stored.results(extractor: extractor)
        }
    }

    public func run(trials: Int, effect: Double, seed: UInt64, samplesPerScenario: Int?) throws -> (result: Calibration.Result, samples: Int) {
        let results = try samples()
        let calibration = Calibration(suites: suites, baseline: results, taxonomy: extractor.taxonomy, trials: trials, effect: effect, seed: seed,
                                      samplesPerScenario: samplesPerScenario)
        return (calibration.run(), results.count)
    }
}
