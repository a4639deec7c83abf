import Foundation
import Testing

/// The harness every binary test runs through: it must never hang on a chatty child.
struct BinaryTests {
    @Test func aChildThatWritesMegabytesToStderrIsReadWithoutDeadlock() async throws {
        // 1.28 MB to stderr between two stdout lines: far past a pipe's 64 KB, so a harness
        // that read stdout to its end first would wait forever while the child waits too.
        // Shell builtins only, so the shell is the one process holding the pipes.
        let line = String(repeating: "e", count: 63)
        let script = "echo start; i=0; while [ $i -lt 20000 ]; do echo \(line) >&2; i=$((i+1)); done; echo end"
        let result = try await Binary.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", script], timeout: 60)
        #expect(result.status == 0)
        #expect(result.stdout == "start\nend\n")
        #expect(result.stderr.utf8.count == 20_000 * 64)
    }

    @Test func aChildThatOutlivesItsTimeoutIsKilledAndTheTestFails() async throws {
        // Without the deadline this would return normally after 30 s; with it, it throws.
        await #expect(throws: Binary.TimedOut.self) {
            try await Binary.run(executable: URL(fileURLWithPath: "/bin/sh"), ["-c", "exec sleep 30"], timeout: 1)
        }
    }
}
