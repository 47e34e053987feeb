import Glibc
import SystemSupport

/// The one place the tools create threads: `DetachedThread` and `WorkerPool` start theirs here.
package enum PosixThread {
    /// Starts a thread named `name` that runs `body`, and returns its handle; join or detach a joinable one.
    ///
    /// - Parameters:
    ///   - name: what `top -H`, `ps -L` and perf show for it (at most 15 bytes are kept); `nil` keeps the
    ///     creating thread's name.
    ///   - stackSize: bytes of stack, rounded up to whole pages; `nil` keeps the system's default.
    ///   - detached: a detached thread frees itself when it ends and cannot be joined.
    /// The corresponding C function is `pthread_create`; a thread that cannot be created (no memory, thread
    /// limit) stops the process, as Foundation's `Thread` did.
    @discardableResult
    package static func start(
        name: String?, stackSize: Int? = nil, detached: Bool, _ body: @escaping @Sendable () -> Void
    ) -> pthread_t {
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        let state = detached ? PTHREAD_CREATE_DETACHED : PTHREAD_CREATE_JOINABLE
        pthread_attr_setdetachstate(&attributes, Int32(state))
        if let stackSize {
            let page = sysconf(Int32(_SC_PAGESIZE))
            let size = max(Int(PTHREAD_STACK_MIN), (stackSize + page - 1) / page * page)
            pthread_attr_setstacksize(&attributes, size)
        }
        let box = Unmanaged.passRetained(Body(name: name, run: body))
        var thread = pthread_t()
        let status = pthread_create(
            &thread, &attributes,
            { context in
                let body = Unmanaged<Body>.fromOpaque(context!).takeRetainedValue()
                if let name = body.name { PosixThread.nameCurrentThread(name) }
                body.run()
                return nil
            }, box.toOpaque())
        precondition(status == 0, "pthread_create failed: \(Errno(status))")
        return thread
    }

    /// Waits for a joinable thread to end and frees it. The corresponding C function is `pthread_join`.
    package static func join(_ thread: pthread_t) {
        pthread_join(thread, nil)
    }

    /// Lets a joinable thread free itself when it ends, without waiting for it. The corresponding C function is
    /// `pthread_detach`.
    package static func detach(_ thread: pthread_t) {
        pthread_detach(thread)
    }

    /// Names the calling thread: the first 15 bytes of `name` (the kernel's limit; the names given are ASCII).
    ///
    /// Writes the kernel's own file for it, `/proc/thread-self/comm`: `pthread_setname_np` and `prctl`, which
    /// write the same name, are not visible through the Glibc module. Best effort: without `/proc` the thread
    /// keeps its creator's name.
    package static func nameCurrentThread(_ name: String) {
        let bytes = Array(name.utf8.prefix(15))
        let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }

    private final class Body: Sendable {
        let name: String?
        let run: @Sendable () -> Void
        init(name: String?, run: @escaping @Sendable () -> Void) {
            self.name = name
            self.run = run
        }
    }
}
