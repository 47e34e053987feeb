import org.apache.kafka.admin.AdminUtils;
import org.apache.kafka.admin.BrokerMetadata;
import java.nio.file.*;
import java.util.*;

// Each input line: "<brokers> <partitions> <rf> <fixedStartIndex> <startPartitionId>", brokers "1:a,2:a" (racked)
// or "1,2,3" (no racks). Prints the line, then one line per partition in id order: "p: r1 r2 r3".
public class AdminUtilsDriver {
    public static void main(String[] args) throws Exception {
        for (String line : Files.readAllLines(Paths.get(args[0]))) {
            line = line.trim();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split(" ");
            List<BrokerMetadata> brokers = new ArrayList<>();
            for (String b : f[0].split(",")) {
                String[] p = b.split(":");
                brokers.add(new BrokerMetadata(Integer.parseInt(p[0]), p.length > 1 ? Optional.of(p[1]) : Optional.empty()));
            }
            Map<Integer, List<Integer>> a = AdminUtils.assignReplicasToBrokers(brokers, Integer.parseInt(f[1]),
                Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]));
            System.out.println("case " + line);
            for (Integer p : new TreeSet<>(a.keySet())) {
                StringBuilder s = new StringBuilder(p + ":");
                for (Integer r : a.get(p)) s.append(" ").append(r);
                System.out.println(s);
            }
        }
    }
}
