// Tags many documents with HeidelTime in one Java process (a process per document
// would spend most of its time starting the JVM and loading HeidelTime's resources).
// Input on stdin, one document a line: DCT (YYYY-MM-DD or "-") TAB text file TAB output file.
// Each output file gets HeidelTime's TimeML for that text. Usage (Java 11+ runs a
// single source file directly):
//   java -cp de.unihd.dbs.heideltime.standalone.jar HeidelTimeBatch.java config.props < jobs.tsv

import de.unihd.dbs.heideltime.standalone.DocumentType;
import de.unihd.dbs.heideltime.standalone.HeidelTimeStandalone;
import de.unihd.dbs.heideltime.standalone.OutputType;
import de.unihd.dbs.heideltime.standalone.POSTagger;
import de.unihd.dbs.uima.annotator.heideltime.resources.Language;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.text.SimpleDateFormat;
import java.util.Date;

public class HeidelTimeBatch {
    public static void main(String[] args) throws Exception {
        HeidelTimeStandalone tagger = new HeidelTimeStandalone(
            Language.ENGLISH, DocumentType.NEWS, OutputType.TIMEML, args[0], POSTagger.TREETAGGER);
        SimpleDateFormat day = new SimpleDateFormat("yyyy-MM-dd");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] job = line.split("\t");
            String text = new String(Files.readAllBytes(Paths.get(job[1])), StandardCharsets.UTF_8);
            String out;
            try {
                out = job[0].equals("-") ? tagger.process(text, new Date()) : tagger.process(text, day.parse(job[0]));
            } catch (Exception e) {
                out = "ERROR " + e;
            }
            Files.write(Paths.get(job[2]), out.getBytes(StandardCharsets.UTF_8));
            System.out.println(job[2]);
            System.out.flush();
        }
    }
}
