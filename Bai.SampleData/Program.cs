using Bai.SampleData.Cli;

return await SampleCommand.Create().Parse(args).InvokeAsync();
