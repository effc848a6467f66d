namespace Bai.Core.Tests;

using System.Text.Json;

public sealed class ReportFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("bai-report-file-").FullName;

    /// <summary>--report naming a folder puts the report in it under its own name ("Is a directory" ended a finished run with exit 1).</summary>
    [Fact]
    public void A_report_asked_for_in_a_folder_goes_into_it_under_its_own_name()
    {
        var defaults = Path.Combine(folder, "state", "reports");

        Assert.Equal(Path.Combine(defaults, "r.json"), ReportFile.PathFor(null, defaults, "r.json"));
        Assert.Equal(Path.Combine(folder, "mine.json"), ReportFile.PathFor(Path.Combine(folder, "mine.json"), defaults, "r.json"));
        Assert.Equal(Path.Combine(folder, "r.json"), ReportFile.PathFor(folder, defaults, "r.json"));
        Assert.Equal(Path.Combine(folder, "new", "r.json"), ReportFile.PathFor(Path.Combine(folder, "new") + Path.DirectorySeparatorChar, defaults, "r.json"));
    }

    [Fact]
    public async Task The_report_lands_whole_at_the_path_and_nothing_else_is_left()
    {
        var path = Path.Combine(folder, "reports", "run.json");

        await ReportFile.WriteAsync(path, new Finished("completed", 3), CancellationToken.None);

        var read = JsonSerializer.Deserialize<Finished>(await File.ReadAllTextAsync(path), ReportFile.Json);
        Assert.Equal(new Finished("completed", 3), read);
        Assert.Equal([path], Directory.EnumerateFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task A_write_that_fails_half_way_leaves_the_previous_report_as_it_was_and_no_partial_file()
    {
        var path = Path.Combine(folder, "run.json");
        await ReportFile.WriteAsync(path, new Finished("completed", 3), CancellationToken.None);
        var before = await File.ReadAllBytesAsync(path);

        // The serializer has written the first property when the second one throws.
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => ReportFile.WriteAsync(path, new FailsHalfWay(), CancellationToken.None));

        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Equal([path], Directory.EnumerateFiles(folder));
    }

    /// <summary>
    /// A report asked for on a FIFO (as on /dev/null or /dev/stdout) is written into it, and the FIFO stays one: the
    /// rename of a whole-file write replaced what was at the path, and as root turned /dev/null into a regular file.
    /// </summary>
    [Fact]
    public async Task A_report_on_a_fifo_is_written_into_it_and_the_fifo_stays()
    {
        var fifo = Path.Combine(folder, "report.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
        }

        Assert.True(FileKind.IsSpecial(fifo));
        ReportFile.EnsureWritable(fifo);
        var reader = Task.Run(() => File.ReadAllTextAsync(fifo));

        await ReportFile.WriteAsync(fifo, new Finished("completed", 3), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(new Finished("completed", 3), JsonSerializer.Deserialize<Finished>(await reader.WaitAsync(TimeSpan.FromSeconds(30)), ReportFile.Json));
        Assert.True(FileKind.IsSpecial(fifo));
        Assert.Equal([fifo], Directory.EnumerateFileSystemEntries(folder));
    }

    [Fact]
    public void Devices_are_special_and_files_and_folders_are_not()
    {
        var file = Path.Combine(folder, "plain.json");
        File.WriteAllText(file, "{}");

        Assert.Equal((true, false, false, false), (FileKind.IsSpecial("/dev/null"), FileKind.IsSpecial(file), FileKind.IsSpecial(folder), FileKind.IsSpecial(Path.Combine(folder, "absent"))));
    }

    /// <summary>A link to a report file: the file it names gets the new report, whole, and the link stays a link.</summary>
    [Fact]
    public async Task A_report_through_a_link_replaces_the_file_it_names_and_keeps_the_link()
    {
        var target = Path.Combine(folder, "kept", "latest-run.json");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllTextAsync(target, "{}");
        var link = Path.Combine(folder, "report.json");
        File.CreateSymbolicLink(link, target);

        await ReportFile.WriteAsync(link, new Finished("completed", 3), CancellationToken.None);

        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal(new Finished("completed", 3), JsonSerializer.Deserialize<Finished>(await File.ReadAllTextAsync(target), ReportFile.Json));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public sealed record Finished(string Outcome, int Tables);

    public sealed class FailsHalfWay
    {
        private readonly int length = 100_000;

        public string Outcome => new('x', length);

        public int Tables => length > 0 ? throw new InvalidOperationException("the report could not be completed") : 0;
    }
}
