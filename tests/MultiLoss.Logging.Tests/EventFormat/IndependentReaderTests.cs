using System;
using System.IO;
using System.Linq;
using System.Text;
using NUnit.Framework;
using TorchSharp;

namespace MultiLoss.Logging.Tests.EventFormat;

/// <summary>
/// The test's own event-file reader, checked before it checks the sink: its CRC-32C against the published check
/// values, the whole reader against files TorchSharp's <c>SummaryWriter</c> writes, and its refusal of a cut or
/// changed file.
/// </summary>
[TestFixture]
public sealed class IndependentReaderTests
{
    private string folder = null!;

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("multiloss-event-format-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    // The check value of the CRC catalogue, and the CRC-32C examples of RFC 3720 (iSCSI), appendix B.4.
    [TestCase("123456789", 0xE3069283u)]
    [TestCase("zeros", 0x8A9136AAu)]
    [TestCase("ones", 0x62A8AB43u)]
    [TestCase("ascending", 0x46DD794Eu)]
    [TestCase("descending", 0x113FDB5Cu)]
    public void Crc32C_gives_the_published_check_values(string input, uint expected)
    {
        var bytes = input switch
        {
            "zeros" => new byte[32],
            "ones" => Enumerable.Repeat((byte)0xFF, 32).ToArray(),
            "ascending" => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
            "descending" => Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray(),
            _ => Encoding.ASCII.GetBytes(input),
        };

        Assert.That(ReferenceCrc32C.Compute(bytes), Is.EqualTo(expected));
    }

    [Test]
    public void The_mask_rotates_right_by_15_bits_and_adds_the_constant()
    {
        // 0x00008000 rotated right by 15 is 1; 1 rotated right by 15 is 0x00020000.
        Assert.Multiple(() =>
        {
            Assert.That(ReferenceCrc32C.Mask(0x00008000u), Is.EqualTo(1u + 0xA282EAD8u));
            Assert.That(ReferenceCrc32C.Mask(1u), Is.EqualTo(0x00020000u + 0xA282EAD8u));
            Assert.That(ReferenceCrc32C.Mask(0xFFFFFFFFu), Is.EqualTo(unchecked(0xFFFFFFFFu + 0xA282EAD8u)));
        });
    }

    [Test]
    public void Reads_the_files_TorchSharps_SummaryWriter_writes()
    {
        var writer = torch.utils.tensorboard.SummaryWriter(folder);
        writer.add_scalar("loss/a", 1.5f, 3);
        writer.add_scalar("b", -2.25f, 4);

        var path = Directory.GetFiles(folder, "events.out.tfevents.*").Single();
        var events = IndependentEventReader.ReadEvents(path);

        Assert.Multiple(() =>
        {
            Assert.That(events[0].FileVersion, Is.EqualTo("brain.Event:2"));
            Assert.That(events.Skip(1).Select(e => (e.Step, e.Summary!.Single())),
                Is.EqualTo(new[] { (3L, new ParsedValue("loss/a", 1.5f)), (4L, new ParsedValue("b", -2.25f)) }));
            Assert.That(IndependentEventReader.ReadScalars(folder), Is.EqualTo(EventFile.ReadScalars(folder)));
        });
    }

    [TestCase(5, "truncated in its header")]
    [TestCase(12, "truncated in its data")]
    [TestCase(20, "truncated in its data")]
    [TestCase(-1, "truncated in its data")]
    public void A_file_cut_inside_a_record_is_refused(int keepOfLastRecord, string problem)
    {
        var path = WriteThreeSteps();
        var whole = File.ReadAllBytes(path);
        var lastRecordStart = RecordStarts(whole)[^1];
        var keep = keepOfLastRecord < 0 ? whole.Length - 1 : lastRecordStart + keepOfLastRecord;
        File.WriteAllBytes(path, whole[..keep]);

        var error = Assert.Throws<EventFormatException>(() => IndependentEventReader.ReadEvents(path))!;
        Assert.That(error.Message, Does.StartWith($"record 3 at byte {lastRecordStart}: {problem}"));
    }

    [TestCase(0, "length checksum")]
    [TestCase(9, "length checksum")]
    [TestCase(14, "data checksum")]
    [TestCase(-2, "data checksum")]
    public void A_changed_byte_fails_a_checksum(int offsetInLastRecord, string problem)
    {
        var path = WriteThreeSteps();
        var bytes = File.ReadAllBytes(path);
        var lastRecordStart = RecordStarts(bytes)[^1];
        var at = offsetInLastRecord < 0 ? bytes.Length + offsetInLastRecord : lastRecordStart + offsetInLastRecord;
        bytes[at] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<EventFormatException>(() => IndependentEventReader.ReadEvents(path))!;
        Assert.That(error.Message, Does.StartWith($"record 3 at byte {lastRecordStart}: {problem}"));
    }

    /// <summary>The sink's file after three steps: the version event and three step events.</summary>
    private string WriteThreeSteps()
    {
        using var reports = new TrainingReports(1, new TensorBoardReportSink(folder));
        for (var step = 1; step <= 3; step++) reports.Add(new ScriptedReport(ScriptedReport.GatedLayout, step, 0.5 * step, 1.0, 0.5 * step + 1, 1));
        return Directory.GetFiles(folder, "events.out.tfevents.*").Single();
    }

    /// <summary>Where each record starts, from the length fields alone (a hand walk over a file known to be whole).</summary>
    private static int[] RecordStarts(byte[] file)
    {
        var starts = new System.Collections.Generic.List<int>();
        for (var at = 0; at < file.Length; at += 12 + (int)BitConverter.ToUInt64(file, at) + 4) starts.Add(at);
        Assert.That(starts, Has.Count.EqualTo(4), "the version event and three steps");
        return starts.ToArray();
    }
}
