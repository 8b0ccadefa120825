// Run EPUBCheck on several books in one JVM (EPUBCheck's start-up and schema loading
// take ~10 s; the books themselves a fraction of that).  Launched as a single-file
// source program: java -cp epubcheck.jar EpubCheckMany.java a.epub b.epub ...
// Prints "=== <path>" before each book's report and "=== exit <code>" after it.
public class EpubCheckMany {
    public static void main(String[] args) {
        for (String path : args) {
            System.out.println("=== " + path);
            int code = new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {path});
            System.out.println("=== exit " + code);
            System.out.flush();
        }
    }
}
