using Cdr.Orleans.Client;

return await ClientCommands.Build().Parse(args).InvokeAsync();
