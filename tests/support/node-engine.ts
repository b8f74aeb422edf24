export { createNodeConnector, decodeParquetNode, folderSource } from '../../src/db/node-engine';
