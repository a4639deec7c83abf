import Foundation

/// Runs the built `valuegate` binary as a user would, from the repository root.
enum Binary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A child still running (or its pipes still open) at the deadline: it was killed, and
    /// the test fails with this instead of hanging the whole run.
    struct TimedOut: Error, CustomStringConvertible {
        var command: [String]
        var seconds: Double
        var description: String { "timed out after \(Int(seconds)) s, killed: \(command.joined(separator: " "))" }
    }

    /// Long enough for the slowest command on a busy machine; a hang still ends.
    static let defaultTimeout: TimeInterval = 600

    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// The folder SwiftPM built the tests into; `valuegate` is built beside them.
    static let executable: URL = {
        var folder = Bundle.main.bundleURL
        if folder.pathExtension == "xctest" { folder.deleteLastPathComponent() }
        for candidate in [folder, Bundle.main.bundleURL.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("valuegate")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return folder.appendingPathComponent("valuegate")
    }()

    static func start(_ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        try start(executable: executable, arguments, environment: environment)
    }

    static func start(executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = defaultTimeout) async throws -> Result {
        try await run(executable: executable, arguments, environment: environment, timeout: timeout)
    }

    static func run(executable: URL, _ arguments: [String], environment: [String: String] = [:],
                    timeout: TimeInterval = defaultTimeout) async throws -> Result {
        await slots.acquire()
        do {
            let (process, out, err) = try start(executable: executable, arguments, environment: environment)
            let result = try await collect(process, out, err, timeout: timeout)
            await slots.release()
            return result
        } catch {
            await slots.release()
            throw error
        }
    }

    /// One child at a time: each `valuegate` keeps a core busy, and the machine may have two,
    /// so children running side by side starved the timing-sensitive tests of the same run.
    static let slots = Slots(1)

    actor Slots {
        private var free: Int
        private var waiting: [CheckedContinuation<Void, Never>] = []

        init(_ count: Int) { free = count }

        func acquire() async {
            if free > 0 { free -= 1; return }
            await withCheckedContinuation { waiting.append($0) }
        }

        func release() {
            if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
        }
    }

    /// Waits for the child on a thread of its own, not on the test's: a test blocking one of
    /// the few cooperative threads while its child runs starves every async test beside it
    /// (the runner's deadline test once took 40 s instead of 1.5 s).
    static func collect(_ process: Process, _ out: Pipe, _ err: Pipe, timeout: TimeInterval = defaultTimeout) async throws -> Result {
        let box = UncheckedProcess(process: process, out: out, err: err)
        return try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Swift.Result { try collectBlocking(box.process, box.out, box.err, timeout: timeout) })
            }.start()
        }
    }

    /// Process and Pipe are not Sendable; only the waiting thread uses them from here on.
    private struct UncheckedProcess: @unchecked Sendable {
        var process: Process
        var out: Pipe
        var err: Pipe
    }

    /// Reads both pipes to their end at the same time, each on a thread of its own, then
    /// waits for the child. Reading one pipe to its end before the other deadlocks as soon
    /// as the child fills the unread one (64 KB) and blocks writing to it.
    static func collectBlocking(_ process: Process, _ out: Pipe, _ err: Pipe, timeout: TimeInterval) throws -> Result {
        let deadline = Date().addingTimeInterval(timeout)
        let stdout = PipeReader(out.fileHandleForReading), stderr = PipeReader(err.fileHandleForReading)
        var finished = stdout.wait(until: deadline) && stderr.wait(until: deadline)
        while finished && process.isRunning {
            if Date() >= deadline { finished = false } else { usleep(10_000) }
        }
        guard finished else {
            let command = [process.executableURL?.path ?? "?"] + (process.arguments ?? [])
            kill(process.processIdentifier, SIGKILL)
            // The pipes close with the child; give the readers a moment, not forever.
            _ = stdout.wait(until: Date().addingTimeInterval(5)) && stderr.wait(until: Date().addingTimeInterval(5))
            throw TimedOut(command: command, seconds: timeout)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: stdout.text, stderr: stderr.text)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("valuegate-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Reads a pipe to its end on a thread of its own (not the cooperative pool, which other
/// tests may be blocking while their processes run).
final class PipeReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()
    private var finished = false

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
        thread.start()
    }

    /// Whether the pipe reached its end by `deadline`.
    func wait(until deadline: Date) -> Bool {
        if finished { return true }
        finished = done.wait(timeout: .now() + max(0, deadline.timeIntervalSinceNow)) == .success
        return finished
    }

    /// Everything read; call after `wait` returned true.
    var text: String { String(decoding: data, as: UTF8.self) }
}
