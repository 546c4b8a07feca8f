import Foundation
import Testing
@testable import Linear

/// A flag set from another thread.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}

/// The OpenBLAS thread-count leases: a computation holding the exclusive lease sees its count fixed
/// however many single-threaded scopes other threads open meanwhile.
@Suite("BLAS thread leases", .serialized)
struct BLASLeaseTests {
    @Test("an exclusive lease keeps the full count while another thread asks for one thread")
    func exclusiveLeaseHoldsTheCount() throws {
        // The machine's count, read under the exclusive lease (no single-threaded scope is open then);
        // the test never sets it, so other tests' solves see the count they always see.
        let entered = Flag(), finished = Flag()
        var full = 0
        try withAllBLASThreads {
            full = blasThreads()
            let other = Thread {
                withSingleThreadedBLAS {
                    entered.set()
                    #expect(blasThreads() == 1)
                }
                finished.set()
            }
            other.start()
            // The other thread is now blocked on the lease: the count stays 2 for as long as we hold it.
            for _ in 0..<20 {
                Thread.sleep(forTimeInterval: 0.005)
                #expect(!entered.isSet)
                #expect(blasThreads() == full)
            }
            // A nested request on the owning thread passes through without waiting or changing anything.
            let nested = try withSingleThreadedBLAS { blasThreads() }
            #expect(nested == full)
        }
        var waited = 0
        while !finished.isSet && waited < 2_000 { Thread.sleep(forTimeInterval: 0.005); waited += 1 }
        #expect(entered.isSet && finished.isSet)
        #expect(withAllBLASThreads { blasThreads() } == full)
        #expect(BLASThreadLease.sharedLeaseCount == 0)
    }

    @Test("shared leases overlap: the first sets one thread, the last restores the count")
    func sharedLeasesOverlap() {
        let full = withAllBLASThreads { blasThreads() }
        let first = BLASThreadLease.acquire(.singleThread)
        #expect(blasThreads() == 1)
        let done = Flag()
        let other = Thread {
            // A second shared lease on another thread does not wait for the first.
            withSingleThreadedBLAS { #expect(blasThreads() == 1) }
            done.set()
        }
        other.start()
        var waited = 0
        while !done.isSet && waited < 2_000 { Thread.sleep(forTimeInterval: 0.005); waited += 1 }
        #expect(done.isSet)
        #expect(blasThreads() == 1)
        BLASThreadLease.release(first)
        #expect(withAllBLASThreads { blasThreads() } == full)
    }
}
