/// What `run` says about a recording it replayed.
public enum RunReport {
    /// "rec.jsonl: 975 samples for a, b, 2 failed", then up to five failed samples.
    public static func replay(_ replay: RunPlan.Replay, path: String, suites: [Suite]) -> String {
        let failed = replay.failed
        let lines = ["\(path): \(replay.entries.count) samples for \(suites.map(\.id).joined(separator: ", ")), \(failed.count) failed"]
            + failed.prefix(5).map { "  failed \($0.record.key) (line \($0.line)): \($0.record.error ?? "")" }
        return lines.joined(separator: "\n")
    }
}
