<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActivationView</name>
    <message>
        <source>Start training to see the maps of the probe image.</source>
        <translation>开始训练后即可看到观察图像的各层特征图。</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>{0} · epoch {1:.1f}</source>
        <translation>{0} · 轮次 {1:.1f}</translation>
    </message>
    <message>
        <source>Functions:</source>
        <translation>激活函数：</translation>
    </message>
    <message>
        <source>input x</source>
        <translation>输入 x</translation>
    </message>
    <message>
        <source>f(x)</source>
        <translation>f(x)</translation>
    </message>
    <message>
        <source>derivative f′(x)</source>
        <translation>导数 f′(x)</translation>
    </message>
    <message>
        <source>input the layer received</source>
        <translation>该层收到的输入</translation>
    </message>
    <message>
        <source>how many</source>
        <translation>个数</translation>
    </message>
    <message>
        <source>In your network, the inputs of:</source>
        <translation>在你的网络中，这一层收到的输入：</translation>
    </message>
    <message>
        <source>{name}: largest derivative {peak:.3g}</source>
        <translation>{name}：导数最大值 {peak:.3g}</translation>
    </message>
    <message>
        <source>. Sigmoid&apos;s derivative is never above 0.25, so each sigmoid layer passes back at most a quarter of the gradient; ReLU&apos;s is 1 for every positive input.</source>
        <translation>。Sigmoid 的导数从不超过 0.25，所以每经过一层 Sigmoid，反向传回的梯度最多只剩四分之一；ReLU 的导数对所有正输入都等于 1。</translation>
    </message>
    <message>
        <source>No images of the network&apos;s input size yet: train it once on the Train page (Start).</source>
        <translation>还没有与网络输入尺寸相同的图像：先在“训练”页训练一次（开始）。</translation>
    </message>
    <message>
        <source>Cannot run the network: {0}</source>
        <translation>无法运行网络：{0}</translation>
    </message>
    <message>
        <source>No trained model yet: these are the inputs of the untrained network. Train first.</source>
        <translation>还没有训练好的模型：这里是未训练网络收到的输入。请先训练。</translation>
    </message>
    <message>
        <source>Saturated share of every activation layer: {0}</source>
        <translation>每个激活层的饱和比例：{0}</translation>
    </message>
    <message>
        <source>The network has no activation layer (ReLU, sigmoid, tanh...).</source>
        <translation>网络中没有激活层（ReLU、Sigmoid、Tanh 等）。</translation>
    </message>
    <message>
        <source>{layer} received {count:,} values from {images} images. {share:.1%} of them fell where the derivative is below {fraction:.0%} of its peak (shaded): there the gradient hardly passes back.</source>
        <translation>{layer} 从 {images} 张图像收到 {count:,} 个值。其中 {share:.1%} 落在导数低于其峰值 {fraction:.0%} 的区域（阴影部分）：那里梯度几乎传不回去（饱和）。</translation>
    </message>
</context>
<context>
    <name>BudgetPanel</name>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Measure time</source>
        <translation>测量时间</translation>
    </message>
    <message>
        <source>Time a few training steps on the chosen device (a dry run)</source>
        <translation>在所选设备上试跑几个训练步并计时（试运行）</translation>
    </message>
    <message>
        <source>Memory and time: once the network can work</source>
        <translation>内存与时间：网络可以工作后显示</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Memory about {0}</source>
        <translation>内存约 {0}</translation>
    </message>
    <message>
        <source>Memory about {0} of {1} free</source>
        <translation>内存约 {0}（可用 {1}）</translation>
    </message>
    <message>
        <source>Time: measuring…</source>
        <translation>时间：测量中…</translation>
    </message>
    <message>
        <source>Time about {0} ({1} per epoch)</source>
        <translation>时间约 {0}（每轮 {1}）</translation>
    </message>
    <message>
        <source>Time: not measured ({0})</source>
        <translation>时间：未测量（{0}）</translation>
    </message>
    <message>
        <source>Time: not measured yet</source>
        <translation>时间：尚未测量</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>{0:,} float32 values</source>
        <translation>{0:,} 个 float32 值</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>one per parameter</source>
        <translation>每个参数一个</translation>
    </message>
    <message>
        <source>Optimiser state</source>
        <translation>优化器状态</translation>
    </message>
    <message>
        <source>{0}: {1} value(s) per parameter</source>
        <translation>{0}：每个参数 {1} 个值</translation>
    </message>
    <message>
        <source>Weight copies</source>
        <translation>权重副本</translation>
    </message>
    <message>
        <source>the best and the last good epoch&apos;s weights</source>
        <translation>最佳轮次与最后一个正常轮次的权重</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>per batch of {0}: forward {1} + backward about {2}; {3} per image</source>
        <translation>每批 {0} 张：前向 {1} + 反向约 {2}；每张图像 {3}</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>batches of {0:,} images, no gradients</source>
        <translation>每批 {0:,} 张图像，不计算梯度</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>size unknown</source>
        <translation>大小未知</translation>
    </message>
    <message>
        <source>{0:,} images in memory ({1:,} training, {2:,} validation, {3:,} test)</source>
        <translation>内存中 {0:,} 张图像（训练 {1:,}，验证 {2:,}，测试 {3:,}）</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>of {0} free</source>
        <translation>可用 {0}</translation>
    </message>
    <message>
        <source>, scaled up from a step of {0}</source>
        <translation>，由 {0} 张图像的一步按比例推算</translation>
    </message>
    <message>
        <source>{0:.3g} s per batch on {1}{2}</source>
        <translation>在 {1} 上每批 {0:.3g} 秒{2}</translation>
    </message>
    <message>
        <source>Will not fit: {0}</source>
        <translation>内存不够：{0}</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>注意：{0}</translation>
    </message>
</context>
<context>
    <name>CameraDialog</name>
    <message>
        <source>Live camera</source>
        <translation>实时摄像头</translation>
    </message>
    <message>
        <source>Start camera</source>
        <translation>打开摄像头</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>The camera, cropped to the network&apos;s input shape</source>
        <translation>摄像头画面，按网络输入的宽高比裁剪</translation>
    </message>
    <message>
        <source>What the network sees (its input size and colours), with Grad-CAM laid over it</source>
        <translation>网络看到的画面（按其输入尺寸和颜色），叠加 Grad-CAM</translation>
    </message>
    <message>
        <source>What the network sees · Grad-CAM</source>
        <translation>网络看到的画面 · Grad-CAM</translation>
    </message>
    <message>
        <source>Top classes</source>
        <translation>得分最高的类别</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>The dataset folder: one subfolder per class</source>
        <translation>数据集文件夹：每个类别一个子文件夹</translation>
    </message>
    <message>
        <source>The class the picture shows: a subfolder of the dataset folder</source>
        <translation>画面中的类别：数据集文件夹下的一个子文件夹</translation>
    </message>
    <message>
        <source>Capture</source>
        <translation>拍摄</translation>
    </message>
    <message>
        <source>Train on these pictures</source>
        <translation>用这些图片训练</translation>
    </message>
    <message>
        <source>Make this folder the project&apos;s dataset</source>
        <translation>把这个文件夹设为项目的数据集</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Stop camera</source>
        <translation>关闭摄像头</translation>
    </message>
    <message>
        <source>The maps follow the camera.</source>
        <translation>特征图正实时跟随摄像头。</translation>
    </message>
    <message>
        <source>No maps for this frame: {0}</source>
        <translation>这一帧没有特征图：{0}</translation>
    </message>
    <message>
        <source>Dataset folder for the captures</source>
        <translation>保存拍摄图片的数据集文件夹</translation>
    </message>
    <message>
        <source>Start the camera first</source>
        <translation>请先打开摄像头</translation>
    </message>
    <message>
        <source>Choose the dataset folder first (Folder…)</source>
        <translation>请先选择数据集文件夹（文件夹…）</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>(no folder chosen)</source>
        <translation>（未选择文件夹）</translation>
    </message>
    <message>
        <source>{0}: {1} pictures</source>
        <translation>{0}：{1} 张图片</translation>
    </message>
    <message>
        <source>No class folders yet: type a class name and press Capture.</source>
        <translation>还没有类别文件夹：输入类别名称，然后点“拍摄”。</translation>
    </message>
    <message>
        <source>The project now trains on {0}: press Start on the Train page.</source>
        <translation>项目现在使用 {0} 训练：在训练页点“开始”。</translation>
    </message>
    <message>
        <source>Save the current frame into the class&apos;s folder (Enter)</source>
        <translation>把当前画面保存到该类别的文件夹（回车键）</translation>
    </message>
    <message>
        <source>Capture pictures of at least two classes first</source>
        <translation>请先为至少两个类别拍摄图片</translation>
    </message>
</context>
<context>
    <name>CameraSource</name>
    <message>
        <source>Qt Multimedia cannot load on this computer ({0})</source>
        <translation>这台电脑无法加载 Qt Multimedia（{0}）</translation>
    </message>
    <message>
        <source>No camera found on this computer</source>
        <translation>这台电脑上没有找到摄像头</translation>
    </message>
    <message>
        <source>The camera stopped: {0}</source>
        <translation>摄像头已停止：{0}</translation>
    </message>
    <message>
        <source>Stand-in frames (no camera)</source>
        <translation>替代画面（没有摄像头）</translation>
    </message>
</context>
<context>
    <name>ChangeDialog</name>
    <message>
        <source>Change settings of the paused run</source>
        <translation>修改暂停中训练的设置</translation>
    </message>
    <message>
        <source>The run continues with these values from its next batch; the change is kept in its history.</source>
        <translation>训练从下一个批次起使用这些值继续；这次修改会记录在训练历史中。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Layer {0}: {1}</source>
        <translation>第 {0} 层：{1}</translation>
    </message>
    <message>
        <source>Frozen layers (their weights stop learning)</source>
        <translation>冻结的层（其权重不再学习）</translation>
    </message>
</context>
<context>
    <name>ChannelView</name>
    <message>
        <source>Choose a layer to see what each of its channels detects.</source>
        <translation>选择一层，查看它的每个通道检测什么。</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Every channel: the patch that excites it most</source>
        <translation>每个通道：最能激活它的图像块</translation>
    </message>
    <message>
        <source>Top {0} validation patches, strongest first</source>
        <translation>激活最强的前 {0} 个验证集图像块（最强的在前）</translation>
    </message>
    <message>
        <source>Guided backprop: the pixels that make it fire</source>
        <translation>导向反向传播：使它激活的像素</translation>
    </message>
    <message>
        <source>Activation maximisation</source>
        <translation>激活最大化</translation>
    </message>
    <message>
        <source>This network has no layer with feature maps.</source>
        <translation>这个网络没有输出特征图的层。</translation>
    </message>
    <message>
        <source>Ranking the validation images for each channel…</source>
        <translation>正在为每个通道给验证集图像排序…</translation>
    </message>
    <message>
        <source>Channel {0}</source>
        <translation>通道 {0}</translation>
    </message>
    <message>
        <source>{0} channels; each tile is the {1}×{2} input patch this channel sees (its receptive field) where it fires most. Click a channel.</source>
        <translation>共 {0} 个通道；每个小图是该通道激活最强处看到的 {1}×{2} 输入图像块（即它的感受野）。点击一个通道查看详情。</translation>
    </message>
    <message>
        <source>Guided backprop and activation maximisation…</source>
        <translation>正在计算导向反向传播和激活最大化…</translation>
    </message>
    <message>
        <source>An input made to excite channel {0} at the centre of its map: activation {1:.2f}.</source>
        <translation>为激活通道 {0} 特征图中心单元而优化出的输入：激活值 {1:.2f}。</translation>
    </message>
    <message>
        <source>Channel {0} never fires (a dead unit): no input raises it above {1:.2f}.</source>
        <translation>通道 {0} 从不激活（死神经元）：没有输入能使它超过 {1:.2f}。</translation>
    </message>
    <message>
        <source>Channel {0} of layer {1}.</source>
        <translation>第 {1} 层的通道 {0}。</translation>
    </message>
</context>
<context>
    <name>Choices</name>
    <message>
        <source>SGD</source>
        <translation>随机梯度下降（SGD）</translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation>自适应梯度（Adagrad）</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>均方根传播（RMSprop）</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>自适应矩估计（Adam）</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>解耦权重衰减的 Adam（AdamW）</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>multi-step decay</source>
        <translation>多阶梯衰减</translation>
    </message>
    <message>
        <source>exponential decay</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <source>cosine annealing</source>
        <translation>余弦退火</translation>
    </message>
    <message>
        <source>reduce on plateau</source>
        <translation>验证损失停滞时衰减</translation>
    </message>
    <message>
        <source>all layers</source>
        <translation>所有层</translation>
    </message>
    <message>
        <source>conv layers only</source>
        <translation>仅卷积层</translation>
    </message>
    <message>
        <source>linear layers only</source>
        <translation>仅全连接层</translation>
    </message>
    <message>
        <source>chosen layers</source>
        <translation>所选的层</translation>
    </message>
    <message>
        <source>torch&apos;s default</source>
        <translation>torch 默认</translation>
    </message>
    <message>
        <source>Kaiming (He)</source>
        <translation>Kaiming（He）初始化</translation>
    </message>
    <message>
        <source>Xavier (Glorot)</source>
        <translation>Xavier（Glorot）初始化</translation>
    </message>
    <message>
        <source>small Gaussian (std 0.01)</source>
        <translation>小高斯分布（标准差 0.01）</translation>
    </message>
    <message>
        <source>zero</source>
        <translation>零</translation>
    </message>
    <message>
        <source>small positive value</source>
        <translation>小的正值</translation>
    </message>
    <message>
        <source>cross-entropy (softmax)</source>
        <translation>交叉熵（softmax）</translation>
    </message>
    <message>
        <source>multi-class hinge (SVM)</source>
        <translation>多类合页损失（SVM）</translation>
    </message>
    <message>
        <source>mean squared error (one-hot)</source>
        <translation>均方误差（独热编码目标）</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA (NVIDIA GPU)</source>
        <translation>CUDA（英伟达 GPU）</translation>
    </message>
    <message>
        <source>MPS (Apple GPU)</source>
        <translation>MPS（苹果 GPU）</translation>
    </message>
    <message>
        <source>shapes (built in)</source>
        <translation>形状（内置）</translation>
    </message>
    <message>
        <source>digits 8x8 (built in)</source>
        <translation>8x8 手写数字（内置）</translation>
    </message>
    <message>
        <source>MNIST</source>
        <translation>MNIST</translation>
    </message>
    <message>
        <source>Fashion-MNIST</source>
        <translation>Fashion-MNIST</translation>
    </message>
    <message>
        <source>KMNIST</source>
        <translation>KMNIST</translation>
    </message>
    <message>
        <source>CIFAR-10</source>
        <translation>CIFAR-10</translation>
    </message>
    <message>
        <source>CIFAR-100</source>
        <translation>CIFAR-100</translation>
    </message>
    <message>
        <source>SVHN</source>
        <translation>SVHN</translation>
    </message>
    <message>
        <source>my own pictures (folder)</source>
        <translation>自己的图片（文件夹）</translation>
    </message>
</context>
<context>
    <name>ClassNames</name>
    <message>
        <source>circle</source>
        <translation>圆形</translation>
    </message>
    <message>
        <source>square</source>
        <translation>正方形</translation>
    </message>
    <message>
        <source>triangle</source>
        <translation>三角形</translation>
    </message>
    <message>
        <source>cross</source>
        <translation>叉号</translation>
    </message>
    <message>
        <source>ring</source>
        <translation>圆环</translation>
    </message>
    <message>
        <source>star</source>
        <translation>星形</translation>
    </message>
    <message>
        <source>plus</source>
        <translation>加号</translation>
    </message>
    <message>
        <source>diamond</source>
        <translation>菱形</translation>
    </message>
    <message>
        <source>line</source>
        <translation>线段</translation>
    </message>
    <message>
        <source>hexagon</source>
        <translation>六边形</translation>
    </message>
    <message>
        <source>airplane</source>
        <translation>飞机</translation>
    </message>
    <message>
        <source>automobile</source>
        <translation>汽车</translation>
    </message>
    <message>
        <source>bird</source>
        <translation>鸟</translation>
    </message>
    <message>
        <source>cat</source>
        <translation>猫</translation>
    </message>
    <message>
        <source>deer</source>
        <translation>鹿</translation>
    </message>
    <message>
        <source>dog</source>
        <translation>狗</translation>
    </message>
    <message>
        <source>frog</source>
        <translation>青蛙</translation>
    </message>
    <message>
        <source>horse</source>
        <translation>马</translation>
    </message>
    <message>
        <source>ship</source>
        <translation>船</translation>
    </message>
    <message>
        <source>truck</source>
        <translation>卡车</translation>
    </message>
    <message>
        <source>T-shirt/top</source>
        <translation>T 恤/上衣</translation>
    </message>
    <message>
        <source>Trouser</source>
        <translation>裤子</translation>
    </message>
    <message>
        <source>Pullover</source>
        <translation>套头衫</translation>
    </message>
    <message>
        <source>Dress</source>
        <translation>连衣裙</translation>
    </message>
    <message>
        <source>Coat</source>
        <translation>外套</translation>
    </message>
    <message>
        <source>Sandal</source>
        <translation>凉鞋</translation>
    </message>
    <message>
        <source>Shirt</source>
        <translation>衬衫</translation>
    </message>
    <message>
        <source>Sneaker</source>
        <translation>运动鞋</translation>
    </message>
    <message>
        <source>Bag</source>
        <translation>包</translation>
    </message>
    <message>
        <source>Ankle boot</source>
        <translation>短靴</translation>
    </message>
    <message>
        <source>0 - zero</source>
        <translation>0（零）</translation>
    </message>
    <message>
        <source>1 - one</source>
        <translation>1（一）</translation>
    </message>
    <message>
        <source>2 - two</source>
        <translation>2（二）</translation>
    </message>
    <message>
        <source>3 - three</source>
        <translation>3（三）</translation>
    </message>
    <message>
        <source>4 - four</source>
        <translation>4（四）</translation>
    </message>
    <message>
        <source>5 - five</source>
        <translation>5（五）</translation>
    </message>
    <message>
        <source>6 - six</source>
        <translation>6（六）</translation>
    </message>
    <message>
        <source>7 - seven</source>
        <translation>7（七）</translation>
    </message>
    <message>
        <source>8 - eight</source>
        <translation>8（八）</translation>
    </message>
    <message>
        <source>9 - nine</source>
        <translation>9（九）</translation>
    </message>
    <message>
        <source>o</source>
        <translation>お</translation>
    </message>
    <message>
        <source>ki</source>
        <translation>き</translation>
    </message>
    <message>
        <source>su</source>
        <translation>す</translation>
    </message>
    <message>
        <source>tsu</source>
        <translation>つ</translation>
    </message>
    <message>
        <source>na</source>
        <translation>な</translation>
    </message>
    <message>
        <source>ha</source>
        <translation>は</translation>
    </message>
    <message>
        <source>ma</source>
        <translation>ま</translation>
    </message>
    <message>
        <source>ya</source>
        <translation>や</translation>
    </message>
    <message>
        <source>re</source>
        <translation>れ</translation>
    </message>
    <message>
        <source>wo</source>
        <translation>を</translation>
    </message>
</context>
<context>
    <name>Colormaps</name>
    <message>
        <source>Grey</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>Viridis</source>
        <translation>蓝绿黄（Viridis）</translation>
    </message>
    <message>
        <source>Inferno</source>
        <translation>黑红黄（Inferno）</translation>
    </message>
    <message>
        <source>Cool-warm (signed)</source>
        <translation>冷暖（带符号）</translation>
    </message>
</context>
<context>
    <name>CompareDialog</name>
    <message>
        <source>Compare networks</source>
        <translation>比较网络</translation>
    </message>
    <message>
        <source>A:</source>
        <translation>A：</translation>
    </message>
    <message>
        <source>B:</source>
        <translation>B：</translation>
    </message>
    <message>
        <source>~ changed settings   + only in B   − only in A   · same settings, another input shape   ▲/▼ B&apos;s number is larger/smaller</source>
        <translation>~ 设置不同   + 仅 B 有   − 仅 A 有   · 设置相同、输入形状不同   ▲/▼ B 的数值更大/更小</translation>
    </message>
    <message>
        <source>Layer by layer</source>
        <translation>逐层比较</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>乘加次数</translation>
    </message>
    <message>
        <source>activation bytes</source>
        <translation>激活值字节数</translation>
    </message>
    <message>
        <source>The two networks are the same.</source>
        <translation>两个网络完全相同。</translation>
    </message>
    <message>
        <source>{0} layers differ: {1} changed, {2} only in B, {3} only in A.</source>
        <translation>{0} 层不同：{1} 层设置不同，{2} 层仅 B 有，{3} 层仅 A 有。</translation>
    </message>
    <message>
        <source>~ Input: A {0}, B {1}.</source>
        <translation>~ 输入：A 为 {0}，B 为 {1}。</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Multiply-adds</source>
        <translation>乘加次数</translation>
    </message>
    <message>
        <source>Activation memory per image (bytes)</source>
        <translation>每张图像的激活值内存（字节）</translation>
    </message>
</context>
<context>
    <name>ConvCanvas</name>
    <message>
        <source>Input (zero-padded)</source>
        <translation>输入（补零填充）</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Window × kernel</source>
        <translation>窗口 × 卷积核</translation>
    </message>
    <message>
        <source>channel {0}</source>
        <translation>通道 {0}</translation>
    </message>
    <message>
        <source>Window: max</source>
        <translation>窗口：最大值</translation>
    </message>
    <message>
        <source>Window: average</source>
        <translation>窗口：平均值</translation>
    </message>
    <message>
        <source>Window: L{0} norm</source>
        <translation>窗口：L{0} 范数</translation>
    </message>
    <message>
        <source>Output {0}x{1}</source>
        <translation>输出 {0}x{1}</translation>
    </message>
</context>
<context>
    <name>ConvolutionAnimator</name>
    <message>
        <source>Choose a convolution or pooling layer</source>
        <translation>请选择一个卷积层或池化层</translation>
    </message>
    <message>
        <source>Filter:</source>
        <translation>滤波器：</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Input channel:</source>
        <translation>输入通道：</translation>
    </message>
    <message>
        <source>Step {0} of {1}</source>
        <translation>第 {0} 步，共 {1} 步</translation>
    </message>
    <message>
        <source>{0:g} steps/s</source>
        <translation>每秒 {0:g} 步</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>速度：</translation>
    </message>
    <message>
        <source>Select a convolution or pooling layer, in the editor or in the list above.</source>
        <translation>请在编辑器或上方列表中选择一个卷积层或池化层。</translation>
    </message>
    <message>
        <source>padding=&apos;same&apos; with an even kernel pads unevenly; the animator needs equal padding.</source>
        <translation>偶数尺寸的卷积核配合填充 &apos;same&apos; 时两侧填充不相等；动画演示需要两侧填充相同。</translation>
    </message>
    <message>
        <source>kernel {0}</source>
        <translation>卷积核 {0}</translation>
    </message>
    <message>
        <source>stride {0}</source>
        <translation>步长 {0}</translation>
    </message>
    <message>
        <source>padding {0}</source>
        <translation>填充 {0}</translation>
    </message>
    <message>
        <source>dilation {0}</source>
        <translation>扩张率 {0}</translation>
    </message>
    <message>
        <source>Trained filter {0}: it reads all {1} input channel(s) and adds its bias; the output is the layer&apos;s own output before the activation.</source>
        <translation>训练得到的滤波器 {0}：它读取全部 {1} 个输入通道并加上偏置；输出就是该层在激活函数之前的输出。</translation>
    </message>
    <message>
        <source>Illustrative vertical-edge kernel: train the model to see the layer&apos;s own weights.</source>
        <translation>示意用的竖直边缘卷积核：训练模型后即可看到该层自己的权重。</translation>
    </message>
    <message>
        <source>Example image and an illustrative vertical-edge kernel: train the model to see the layer&apos;s own input and weights.</source>
        <translation>示例图像和示意用的竖直边缘卷积核：训练模型后即可看到该层自己的输入和权重。</translation>
    </message>
    <message>
        <source>Example image: train the model to see the map this layer really receives.</source>
        <translation>示例图像：训练模型后即可看到该层实际接收到的特征图。</translation>
    </message>
    <message>
        <source>ceil_mode: the layer adds a last, partial window that this walk does not show.</source>
        <translation>向上取整（ceil_mode）：该层会多出最后一个不完整的窗口，本演示没有展示它。</translation>
    </message>
    <message>
        <source>count_include_pad=false: the layer divides by the real cells only; this walk counts all.</source>
        <translation>不计入填充（count_include_pad=false）：该层只除以真实单元的个数；本演示按全部单元计数。</translation>
    </message>
    <message>
        <source>Showing the centre {0}x{1} of the {2}x{3} map (rows {4}..{5}, columns {6}..{7}), padded as if it were the whole map.</source>
        <translation>显示 {2}x{3} 特征图中央的 {0}x{1} 区域（第 {4}..{5} 行，第 {6}..{7} 列），并按整张图的方式填充。</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>window {0}</source>
        <translation>窗口 {0}</translation>
    </message>
</context>
<context>
    <name>DiagramView</name>
    <message>
        <source>Show all</source>
        <translation>全部显示</translation>
    </message>
    <message>
        <source>Zoom out until every layer&apos;s volume fits; unticked, scroll along the network</source>
        <translation>缩小到每一层的数据体都能放下；取消勾选则沿网络横向滚动</translation>
    </message>
    <message>
        <source>Expand all</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <source>Show the layers of every block</source>
        <translation>显示每个块内部的各层</translation>
    </message>
    <message>
        <source>Collapse all</source>
        <translation>全部折叠</translation>
    </message>
    <message>
        <source>Draw every block as one box, same blocks in a row as one</source>
        <translation>每个块画成一个方框，连续相同的块合为一个</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Downloading {0}</source>
        <translation>正在下载 {0}</translation>
    </message>
    <message>
        <source>Downloading {0} into {1}</source>
        <translation>正在把 {0} 下载到 {1}</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>File {0} of {1}: {2}</source>
        <translation>第 {0} 个文件，共 {1} 个：{2}</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <source>{0}/s</source>
        <translation>{0}/秒</translation>
    </message>
    <message>
        <source>{0} left</source>
        <translation>还需 {0}</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>The download failed; nothing was left behind.</source>
        <translation>下载失败；没有留下任何不完整的文件。</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>DrillDownDialog</name>
    <message>
        <source>True {0}, predicted {1}</source>
        <translation>真实：{0}，预测：{1}</translation>
    </message>
    <message>
        <source>Finding the images of this cell…</source>
        <translation>正在查找这一格中的图像…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Could not look inside: {0}</source>
        <translation>无法查看网络内部：{0}</translation>
    </message>
    <message>
        <source>Grad-CAM opacity</source>
        <translation>Grad-CAM 不透明度</translation>
    </message>
    <message>
        <source>No {0} image was predicted as {1}.</source>
        <translation>没有{0}图像被预测为{1}。</translation>
    </message>
    <message>
        <source>{0} {1} images predicted as {2}; Grad-CAM shows where the network looked for “{2}”.</source>
        <translation>{0} 张{1}图像被预测为{2}；Grad-CAM 显示网络在哪里寻找“{2}”。</translation>
    </message>
    <message>
        <source>The first {0} are shown.</source>
        <translation>只显示前 {0} 张。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>ExercisesPanel</name>
    <message>
        <source>Predict the output size</source>
        <translation>预测输出尺寸</translation>
    </message>
    <message>
        <source>Find the invalid layer</source>
        <translation>找出无效的层</translation>
    </message>
    <message>
        <source>New question</source>
        <translation>新题目</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>核对答案</translation>
    </message>
    <message>
        <source>Show the worked answer</source>
        <translation>显示解答过程</translation>
    </message>
    <message>
        <source>Exercise:</source>
        <translation>习题：</translation>
    </message>
    <message>
        <source>Teacher: number range</source>
        <translation>教师：数值范围</translation>
    </message>
    <message>
        <source>Dilated kernels</source>
        <translation>空洞（扩张）卷积核</translation>
    </message>
    <message>
        <source>Pooling layers</source>
        <translation>池化层</translation>
    </message>
    <message>
        <source>Smallest input side:</source>
        <translation>最小输入边长：</translation>
    </message>
    <message>
        <source>Largest input side:</source>
        <translation>最大输入边长：</translation>
    </message>
    <message>
        <source>Kernel sizes:</source>
        <translation>卷积核/池化窗口尺寸：</translation>
    </message>
    <message>
        <source>Largest stride:</source>
        <translation>最大步长：</translation>
    </message>
    <message>
        <source>Largest padding:</source>
        <translation>最大填充：</translation>
    </message>
    <message>
        <source>Sheet number (seed):</source>
        <translation>试卷编号（随机种子）：</translation>
    </message>
    <message>
        <source>(skip)</source>
        <translation>（跳过）</translation>
    </message>
    <message>
        <source>C:</source>
        <translation>C：</translation>
    </message>
    <message>
        <source>H:</source>
        <translation>H：</translation>
    </message>
    <message>
        <source>W:</source>
        <translation>W：</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>参数量：</translation>
    </message>
    <message>
        <source>kernel sizes must be whole numbers separated by commas</source>
        <translation>卷积核/池化窗口尺寸必须是用逗号分隔的整数</translation>
    </message>
    <message>
        <source>Click the layer you think fails first.</source>
        <translation>请点击你认为最先出错的层。</translation>
    </message>
    <message>
        <source>{0} of {1} right</source>
        <translation>答对 {0} 题，共 {1} 题</translation>
    </message>
</context>
<context>
    <name>FcToConvPanel</name>
    <message>
        <source>A linear layer after flatten is a convolution whose kernel covers the whole map: in VGG, the first linear on a 7x7x512 map is 4096 filters of 7x7x512, giving 1x1x4096. Every later linear is a 1x1 convolution.</source>
        <translation>展平之后的全连接层就是卷积核覆盖整张特征图的卷积层：在 VGG 中，作用于 7x7x512 特征图的第一个全连接层相当于 4096 个 7x7x512 的滤波器，输出 1x1x4096。之后的每个全连接层都是 1x1 卷积。</translation>
    </message>
    <message>
        <source>Convert the model and compare</source>
        <translation>转换模型并比较</translation>
    </message>
    <message>
        <source>Class score map for:</source>
        <translation>类别得分图：</translation>
    </message>
    <message>
        <source>Cannot convert: {0}</source>
        <translation>无法转换：{0}</translation>
    </message>
    <message>
        <source>Largest difference between the original&apos;s and the converted network&apos;s {0} class scores on {1} images: {2:.2e} (float rounding: the networks are the same function).</source>
        <translation>原网络与转换后网络在 {1} 张图像上的 {0} 个类别得分的最大差异：{2:.2e}（浮点舍入误差：两个网络是同一个函数）。</translation>
    </message>
    <message>
        <source>No trained model yet: an untrained one is used. The proof holds for any weights; the score map means nothing until the model is trained.</source>
        <translation>还没有训练好的模型：使用未训练的模型。等价性对任意权重都成立；但在模型训练之前，得分图没有意义。</translation>
    </message>
    <message>
        <source>This network cannot be converted: {0}</source>
        <translation>这个网络无法转换：{0}</translation>
    </message>
    <message>
        <source>Here flatten receives a {0}x{1}x{2} map:</source>
        <translation>这里展平层接收的是 {0}x{1}x{2} 的特征图：</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
    <message>
        <source>Left: a {0}x{1} mosaic of four {2}x{3} images. Right: the converted network&apos;s {4}x{5} map of probabilities for &apos;{6}&apos;; each cell is the network&apos;s answer for one {2}x{3} window. Click a cell to frame its window.</source>
        <translation>左：由四张 {2}x{3} 图像拼成的 {0}x{1} 大图。右：转换后网络对“{6}”的 {4}x{5} 概率图；每个单元是网络对一个 {2}x{3} 窗口的判断。点击单元可框出其窗口。</translation>
    </message>
    <message>
        <source>output {0}</source>
        <translation>输出 {0}</translation>
    </message>
</context>
<context>
    <name>FeatureMapGrid</name>
    <message>
        <source>Colour map used to draw values</source>
        <translation>绘制数值所用的颜色映射</translation>
    </message>
    <message>
        <source>Shared scale</source>
        <translation>统一色标</translation>
    </message>
    <message>
        <source>One colour range for all maps, so brightness compares across channels</source>
        <translation>所有特征图使用同一颜色范围，便于比较不同通道的亮度</translation>
    </message>
    <message>
        <source>Click a map to enlarge it</source>
        <translation>点击特征图可放大</translation>
    </message>
    <message>
        <source>Colours:</source>
        <translation>颜色：</translation>
    </message>
    <message>
        <source>maps must have shape (N, H, W), got {0}</source>
        <translation>特征图的形状必须是 (N, H, W)，实际为 {0}</translation>
    </message>
    <message>
        <source>got {0} titles for {1} maps</source>
        <translation>{1} 张特征图却有 {0} 个标题</translation>
    </message>
    <message>
        <source>mask shape {0} differs from maps shape {1}</source>
        <translation>掩码形状 {0} 与特征图形状 {1} 不同</translation>
    </message>
    <message>
        <source>ch {0}</source>
        <translation>通道 {0}</translation>
    </message>
    <message>
        <source>{0} · row {1}, col {2}: {3:.4g}</source>
        <translation>{0} · 第 {1} 行，第 {2} 列：{3:.4g}</translation>
    </message>
</context>
<context>
    <name>FeatureSpaceView</name>
    <message>
        <source>PCA</source>
        <translation>主成分分析（PCA）</translation>
    </message>
    <message>
        <source>t-SNE</source>
        <translation>t-SNE</translation>
    </message>
    <message>
        <source>colour by class</source>
        <translation>按类别着色</translation>
    </message>
    <message>
        <source>colour by right or wrong</source>
        <translation>按对错着色</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Computing the layer&apos;s features of the validation images…</source>
        <translation>正在计算验证集图像在这一层的特征…</translation>
    </message>
    <message>
        <source>{0} validation images ({1:.0%} right). Each point is one image; nearby points look alike to this layer. Click a point.</source>
        <translation>{0} 张验证集图像（{1:.0%} 预测正确）。每个点是一张图像；靠得近的点在这一层看来相似。点击一个点查看详情。</translation>
    </message>
    <message>
        <source>right</source>
        <translation>正确</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Validation image #{0}: true {1}, predicted {2}</source>
        <translation>验证集图像 #{0}：真实 {1}，预测 {2}</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to “{0}” first?</source>
        <translation>先保存对“{0}”的更改吗？</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Save project as</source>
        <translation>项目另存为</translation>
    </message>
    <message>
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <source>CNN Studio projects (*.cnnproj.json *.json)</source>
        <translation>CNN Studio 项目 (*.cnnproj.json *.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FrameCapture</name>
    <message>
        <source>Type the name of the class the picture shows</source>
        <translation>请输入画面中物体的类别名称</translation>
    </message>
    <message>
        <source>“{0}” cannot be a folder name: no / \ : * ? &quot; &lt; &gt; | and no spaces at either end</source>
        <translation>“{0}”不能作为文件夹名：不能含 / \ : * ? &quot; &lt; &gt; |，首尾不能有空格</translation>
    </message>
    <message>
        <source>cannot write {0}</source>
        <translation>无法写入 {0}</translation>
    </message>
    <message>
        <source>too many captures in {0} this second</source>
        <translation>这一秒内在 {0} 中拍摄的图片太多</translation>
    </message>
</context>
<context>
    <name>GpuNote</name>
    <message>
        <source>An NVIDIA GPU is present, but this PyTorch ({0}) was built without CUDA, so training runs on the CPU. Install a CUDA build of PyTorch to train on the GPU.</source>
        <translation>本机有 NVIDIA GPU，但当前的 PyTorch（{0}）不支持 CUDA，因此训练在 CPU 上进行。安装支持 CUDA 的 PyTorch 版本即可用 GPU 训练。</translation>
    </message>
    <message>
        <source>An NVIDIA GPU is present, but its driver is not loaded, so training runs on the CPU. Install or load the NVIDIA driver, then restart CNN Studio.</source>
        <translation>本机有 NVIDIA GPU，但其驱动未加载，因此训练在 CPU 上进行。请安装或加载 NVIDIA 驱动，然后重启 CNN Studio。</translation>
    </message>
    <message>
        <source>An NVIDIA GPU is present, but PyTorch cannot use it (it needs a driver for CUDA {0}), so training runs on the CPU. Update the NVIDIA driver.</source>
        <translation>本机有 NVIDIA GPU，但 PyTorch 无法使用它（需要支持 CUDA {0} 的驱动），因此训练在 CPU 上进行。请更新 NVIDIA 驱动。</translation>
    </message>
</context>
<context>
    <name>HealthView</name>
    <message>
        <source>gradient norm (log)</source>
        <translation>梯度范数（对数）</translation>
    </message>
    <message>
        <source>update / weight (log)</source>
        <translation>更新量 / 权重（对数）</translation>
    </message>
    <message>
        <source>~1e-3 (cs231n)</source>
        <translation>约 1e-3（cs231n）</translation>
    </message>
    <message>
        <source>Gradient flow: each layer&apos;s gradient norm, one line per epoch</source>
        <translation>梯度流：各层的梯度范数，每个轮次一条线</translation>
    </message>
    <message>
        <source>Update/weight ratio of the chosen epoch</source>
        <translation>所选轮次的更新量/权重比</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>梯度范数</translation>
    </message>
    <message>
        <source>Update/weight</source>
        <translation>更新量/权重</translation>
    </message>
    <message>
        <source>Dead ReLU units</source>
        <translation>死亡 ReLU 单元</translation>
    </message>
    <message>
        <source>Epoch:</source>
        <translation>轮次：</translation>
    </message>
    <message>
        <source>Histograms of layer:</source>
        <translation>直方图所示的层：</translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation>轮次 {0}</translation>
    </message>
    <message>
        <source>{0} (to where it ended)</source>
        <translation>{0}（到训练结束处）</translation>
    </message>
    <message>
        <source>Measured on {0} batches of the epoch ({1} images), after their optimiser step. A healthy network has gradient norms of a similar size in every layer and update ratios near 1e-3. The chosen epoch is orange, the others blue (darker: later).</source>
        <translation>在该轮次的 {0} 个批次（{1} 张图像）上、优化器更新之后测量。健康的网络各层梯度范数大小相近，更新量/权重比在 1e-3 左右。所选轮次为橙色，其他轮次为蓝色（越深越晚）。</translation>
    </message>
    <message>
        <source>Weights of {0}, epoch {1}</source>
        <translation>{0} 的权重，轮次 {1}</translation>
    </message>
    <message>
        <source>Gradients of {0}, epoch {1}</source>
        <translation>{0} 的梯度，轮次 {1}</translation>
    </message>
    <message>
        <source>{0:.0%} of {1}</source>
        <translation>{1} 个中的 {0:.0%}</translation>
    </message>
    <message>
        <source>Train the network (or choose a run) to see how healthy its training is.</source>
        <translation>训练网络（或选择一次训练记录），即可查看训练是否健康。</translation>
    </message>
    <message>
        <source>Training health appears at the end of the first epoch.</source>
        <translation>训练健康状况在第一个轮次结束时显示。</translation>
    </message>
    <message>
        <source>{0} was recorded without training health (by an earlier version of CNN Studio, or stopped before it was measured).</source>
        <translation>{0} 没有记录训练健康状况（由较早版本的 CNN Studio 记录，或在测量之前已停止）。</translation>
    </message>
    <message>
        <source>Epoch {0}: {1}</source>
        <translation>轮次 {0}：{1}</translation>
    </message>
    <message>
        <source>No warning: the gradients and updates of every layer look healthy.</source>
        <translation>没有警告：各层的梯度和更新量看起来都很健康。</translation>
    </message>
    <message>
        <source>layer {0} ({1})</source>
        <translation>第 {0} 层（{1}）</translation>
    </message>
    <message>
        <source>The gradients of {0} are {1:,.0f} times smaller than those of {2}: they vanish on their way back to the input.</source>
        <translation>{0} 的梯度比 {2} 的小 {1:,.0f} 倍：梯度在反向传回输入的途中逐渐消失（梯度消失）。</translation>
    </message>
    <message>
        <source>No gradient reaches {0}: its weights have stopped learning.</source>
        <translation>没有梯度传到 {0}：它的权重已停止学习。</translation>
    </message>
    <message>
        <source>The gradients of {0} are infinite or NaN: they have exploded. Lower the learning rate.</source>
        <translation>{0} 的梯度为无穷大或 NaN：梯度已经爆炸。请降低学习率。</translation>
    </message>
    <message>
        <source>The gradients of {0} grew {1:,.0f} times since the first epoch: they are exploding. Lower the learning rate or clip the gradients.</source>
        <translation>{0} 的梯度自第一个轮次以来增大了 {1:,.0f} 倍：梯度正在爆炸。请降低学习率或裁剪梯度。</translation>
    </message>
    <message>
        <source>Each step changes the weights of {0} by {1:.3g} times their size: the gradients are exploding. Lower the learning rate.</source>
        <translation>每一步对 {0} 权重的改变是权重本身大小的 {1:.3g} 倍：梯度正在爆炸。请降低学习率。</translation>
    </message>
    <message>
        <source>The update/weight ratio of {0} is {1:.2g}, far above ~1e-3: lower the learning rate.</source>
        <translation>{0} 的更新量/权重比为 {1:.2g}，远高于约 1e-3：请降低学习率。</translation>
    </message>
    <message>
        <source>The update/weight ratio of {0} is {1:.2g}, far below ~1e-3: it hardly learns; raise the learning rate.</source>
        <translation>{0} 的更新量/权重比为 {1:.2g}，远低于约 1e-3：它几乎没有在学习；请提高学习率。</translation>
    </message>
    <message>
        <source>{1:.0%} of the units of {0} never fire (dead ReLUs): lower the learning rate, or try LeakyReLU or He initialisation.</source>
        <translation>{0} 中有 {1:.0%} 的单元从不激活（死亡 ReLU）：请降低学习率，或试试 LeakyReLU 或 Kaiming（He）初始化。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a network</source>
        <translation>导入网络</translation>
    </message>
    <message>
        <source>torchvision&apos;s pretrained weights (only when already on this computer)</source>
        <translation>torchvision 的预训练权重（仅当已在本机上时）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Input size</source>
        <translation>输入尺寸</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Now type the class name after the colon.</source>
        <translation>请在冒号后输入类名。</translation>
    </message>
    <message>
        <source>CNN Studio project (*.cnnproj.json)</source>
        <translation>CNN Studio 项目 (*.cnnproj.json)</translation>
    </message>
    <message>
        <source>Name a source and a file to save to.</source>
        <translation>请填写来源和要保存的文件。</translation>
    </message>
    <message>
        <source>the import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Cannot import: {0}</source>
        <translation>无法导入：{0}</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>A torchvision model; a Python file and the class in it with its arguments, such as model.py:Net(width=16); or a TorchScript (.pt) or ONNX (.onnx) file. Layers the program knows become editable layers; residual and Inception blocks are recovered from the graph, and a file&apos;s weights come along as a run.</source>
        <translation>torchvision 模型；一个 Python 文件及其中的类（带构造参数），例如 model.py:Net(width=16)；或一个 TorchScript（.pt）或 ONNX（.onnx）文件。本程序认识的层会成为可编辑的层；残差块和 Inception 块从计算图中还原，文件中的权重作为一次训练记录一并导入。</translation>
    </message>
    <message>
        <source>as the file records it</source>
        <translation>按文件记录的尺寸</translation>
    </message>
    <message>
        <source>Networks (*.py *.pt *.pth *.onnx)</source>
        <translation>网络文件 (*.py *.pt *.pth *.onnx)</translation>
    </message>
    <message>
        <source>Python module (*.py)</source>
        <translation>Python 模块 (*.py)</translation>
    </message>
    <message>
        <source>TorchScript (*.pt *.pth *.ptl *.torchscript)</source>
        <translation>TorchScript (*.pt *.pth *.ptl *.torchscript)</translation>
    </message>
    <message>
        <source>ONNX (*.onnx)</source>
        <translation>ONNX (*.onnx)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Network file</source>
        <translation>网络文件</translation>
    </message>
    <message>
        <source>Importing (reading the network and checking its output)…</source>
        <translation>正在导入（读取网络并核对其输出）…</translation>
    </message>
</context>
<context>
    <name>InputBar</name>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
</context>
<context>
    <name>InsightTab</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Could not look inside: {0}</source>
        <translation>无法查看网络内部：{0}</translation>
    </message>
    <message>
        <source>Train the network (or choose a run) to look inside it.</source>
        <translation>先训练网络（或选择一次训练记录），再查看它的内部。</translation>
    </message>
    <message>
        <source>{0} has no trained weights yet: they are kept at the end of its first epoch.</source>
        <translation>{0}还没有训练好的权重：权重在第一轮结束时保存。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Replay training: the same view with the weights after each epoch</source>
        <translation>回放训练过程：用每一轮结束时的权重显示同一视图</translation>
    </message>
    <message>
        <source>best weights</source>
        <translation>最佳权重</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Replay every kept epoch in turn, each computed (then cached) as it comes</source>
        <translation>依次回放保存的每一轮（每一轮在播放到时计算并缓存）</translation>
    </message>
    <message>
        <source>after epoch {0}</source>
        <translation>轮次 {0} 结束后</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>average</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>L2 / Lp</source>
        <translation>L2 / Lp</translation>
    </message>
    <message>
        <source>No layer selected</source>
        <translation>未选择层</translation>
    </message>
    <message>
        <source>Select a layer to edit it, or drag one in from the palette.</source>
        <translation>选择一个层进行编辑，或从层面板拖入一个新层。</translation>
    </message>
    <message>
        <source>Not computed: an earlier layer cannot work.</source>
        <translation>未计算：前面有一层无法工作。</translation>
    </message>
    <message>
        <source>
Fix: {0}</source>
        <translation>
修正：{0}</translation>
    </message>
    <message>
        <source>Switch to {0}</source>
        <translation>切换为 {0}</translation>
    </message>
    <message>
        <source>Input: {0}
Output: {1}
Activations: {2:,} values · {3} per image (float32)
Parameters: {4:,} · {5}   MACs: {6:,}
Receptive field: {7}</source>
        <translation>输入：{0}
输出：{1}
激活值：{2:,} 个 · 每张图像 {3}（float32）
参数量：{4:,} · {5}   乘加次数：{6:,}
感受野：{7}</translation>
    </message>
    <message>
        <source>Copy formulas as LaTeX</source>
        <translation>复制公式为 LaTeX</translation>
    </message>
    <message>
        <source>An align* environment with these formulas and numbers, for slides</source>
        <translation>含这些公式和数值的 align* 环境，可用于幻灯片</translation>
    </message>
</context>
<context>
    <name>LayerPalette</name>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
</context>
<context>
    <name>LessonDialog</name>
    <message>
        <source>Make a lesson from this project</source>
        <translation>用本项目制作练习</translation>
    </message>
    <message>
        <source>What the student should do, in your words.</source>
        <translation>用你自己的话写出学生要做什么。</translation>
    </message>
    <message>
        <source>test accuracy at least</source>
        <translation>测试准确率至少</translation>
    </message>
    <message>
        <source>parameters at most</source>
        <translation>参数量至多</translation>
    </message>
    <message>
        <source>output size exactly</source>
        <translation>输出尺寸恰好为</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>The student may not change</source>
        <translation>学生不能修改</translation>
    </message>
    <message>
        <source>output sizes</source>
        <translation>输出尺寸</translation>
    </message>
    <message>
        <source>parameter counts</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Hide the answers</source>
        <translation>隐藏答案</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Task:</source>
        <translation>任务：</translation>
    </message>
    <message>
        <source>Give the lesson a title and a task.</source>
        <translation>请给练习写上标题和任务。</translation>
    </message>
    <message>
        <source>Write the output size as sizes joined by x, such as 32x8x8.</source>
        <translation>输出尺寸请写成用 x 连接的数字，例如 32x8x8。</translation>
    </message>
    <message>
        <source>Choose at least one goal.</source>
        <translation>请至少选择一个目标。</translation>
    </message>
    <message>
        <source>Save lesson</source>
        <translation>保存练习</translation>
    </message>
    <message>
        <source>Lessons (*.cnnlesson.json)</source>
        <translation>练习文件 (*.cnnlesson.json)</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Goal</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>your name</source>
        <translation>你的名字</translation>
    </message>
    <message>
        <source>Check goal</source>
        <translation>检查目标</translation>
    </message>
    <message>
        <source>Write result file...</source>
        <translation>写出结果文件…</translation>
    </message>
    <message>
        <source>Student:</source>
        <translation>学生：</translation>
    </message>
    <message>
        <source>Locked by the lesson: {0}</source>
        <translation>练习锁定了：{0}</translation>
    </message>
    <message>
        <source>Goal met. Write your result file and hand it in.</source>
        <translation>目标已达成。请写出结果文件并提交。</translation>
    </message>
    <message>
        <source>Locked by the lesson: {0}. The change was taken back.</source>
        <translation>练习锁定了：{0}。这次修改已撤回。</translation>
    </message>
    <message>
        <source>Type your name first.</source>
        <translation>请先填写你的名字。</translation>
    </message>
    <message>
        <source>Result written to {0}</source>
        <translation>结果已写入 {0}</translation>
    </message>
    <message>
        <source>Write result file</source>
        <translation>写出结果文件</translation>
    </message>
    <message>
        <source>Lesson results (*.cnnresult.json)</source>
        <translation>练习结果 (*.cnnresult.json)</translation>
    </message>
</context>
<context>
    <name>LessonText</name>
    <message>
        <source>test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>output size</source>
        <translation>输出尺寸</translation>
    </message>
    <message>
        <source>(hidden: press Check goal)</source>
        <translation>（已隐藏：请按“检查目标”）</translation>
    </message>
    <message>
        <source>(train once to measure)</source>
        <translation>（先训练一次才能测量）</translation>
    </message>
    <message>
        <source> (now {0})</source>
        <translation>（当前 {0}）</translation>
    </message>
    <message>
        <source>✓ met</source>
        <translation>✓ 已达成</translation>
    </message>
    <message>
        <source>✗ not yet</source>
        <translation>✗ 尚未达成</translation>
    </message>
    <message>
        <source>layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source>project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>input size</source>
        <translation>输入尺寸</translation>
    </message>
    <message>
        <source>dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>training settings</source>
        <translation>训练设置</translation>
    </message>
    <message>
        <source>the network&apos;s layers</source>
        <translation>网络的各层</translation>
    </message>
</context>
<context>
    <name>LossView</name>
    <message>
        <source>Classes:</source>
        <translation>类别数：</translation>
    </message>
    <message>
        <source>score of the true class sᵧ (other scores 0)</source>
        <translation>真实类别的得分 sᵧ（其他得分为 0）</translation>
    </message>
    <message>
        <source>loss L</source>
        <translation>损失 L</translation>
    </message>
    <message>
        <source>steepness |∂L/∂sᵧ|</source>
        <translation>陡峭程度 |∂L/∂sᵧ|</translation>
    </message>
    <message>
        <source>Cross-entropy (softmax)</source>
        <translation>交叉熵（softmax）</translation>
    </message>
    <message>
        <source>Multi-class hinge (SVM)</source>
        <translation>多类合页损失（SVM）</translation>
    </message>
    <message>
        <source>Squared error (one-hot)</source>
        <translation>平方误差（独热编码目标）</translation>
    </message>
    <message>
        <source>Where the network is wrong and sure of it (sᵧ = {at:g}, dashed), cross-entropy still pushes with steepness {ce:.3f} while the squared error pushes with {mse:.3f}: cross-entropy is steeper, so the same step changes the loss more and learning does not stall (course 004).</source>
        <translation>在网络判断错误而且很“自信”的地方（sᵧ = {at:g}，虚线），交叉熵的陡峭程度仍有 {ce:.3f}，而平方误差只有 {mse:.3f}：交叉熵更陡峭，同样的一步让损失变化更明显，学习不会停滞（课程 004）。</translation>
    </message>
    <message>
        <source>one-hot</source>
        <translation>独热编码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>New from &amp;template…</source>
        <translation>从模板新建(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Duplicate the selected layer</source>
        <translation>复制所选的层</translation>
    </message>
    <message>
        <source>Delete the selected layer</source>
        <translation>删除所选的层</translation>
    </message>
    <message>
        <source>Select the previous / next layer</source>
        <translation>选择上一层 / 下一层</translation>
    </message>
    <message>
        <source>Presenter mode (large fonts)</source>
        <translation>演示模式（大字体）</translation>
    </message>
    <message>
        <source>&amp;Duplicate layer</source>
        <translation>复制层(&amp;D)</translation>
    </message>
    <message>
        <source>De&amp;lete layer</source>
        <translation>删除层(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Presenter mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Pre&amp;ferences…</source>
        <translation>首选项(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About CNN Studio</source>
        <translation>关于 CNN Studio(&amp;A)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>No recent projects</source>
        <translation>没有最近的项目</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About CNN Studio</source>
        <translation>关于 CNN Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CNN Studio {0}&lt;/h3&gt;&lt;p&gt;Design, train and inspect convolutional neural networks.&lt;/p&gt;&lt;p&gt;Settings: {1}&lt;/p&gt;</source>
        <translation>&lt;h3&gt;CNN Studio {0}&lt;/h3&gt;&lt;p&gt;设计、训练和观察卷积神经网络。&lt;/p&gt;&lt;p&gt;设置文件：{1}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Ready to train · {0:,} parameters</source>
        <translation>可以训练 · 参数量 {0:,}</translation>
    </message>
    <message>
        <source>PyTorch &amp;model.py…</source>
        <translation>PyTorch 代码 model.py(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Weights (state_dict .pt)…</source>
        <translation>权重（state_dict .pt）(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;TorchScript…</source>
        <translation>TorchScript(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;ONNX…</source>
        <translation>ONNX(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Distributed training script (folder)…</source>
        <translation>分布式训练脚本（文件夹）(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export to folder</source>
        <translation>导出到文件夹</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>The network cannot work: {0}</source>
        <translation>网络无法工作：{0}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>trained weights from {0}</source>
        <translation>来自 {0} 的训练权重</translation>
    </message>
    <message>
        <source>untrained weights (seeded)</source>
        <translation>未训练的权重（按随机种子生成）</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>Wrote, with {0}:
{1}</source>
        <translation>已写出（使用{0}）：
{1}</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>&amp;Start training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pause or resume</source>
        <translation>暂停或继续(&amp;P)</translation>
    </message>
    <message>
        <source>S&amp;top training</source>
        <translation>停止训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>训练(&amp;R)</translation>
    </message>
    <message>
        <source>Teach</source>
        <translation>教学</translation>
    </message>
    <message>
        <source>&amp;Import network…</source>
        <translation>导入网络(&amp;I)…</translation>
    </message>
    <message>
        <source>Export &amp;figure…</source>
        <translation>导出插图(&amp;F)…</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>导出插图</translation>
    </message>
    <message>
        <source>SVG (*.svg);;PDF (*.pdf);;PNG, 300 dpi (*.png);;TikZ/LaTeX (*.tex)</source>
        <translation>SVG (*.svg);;PDF (*.pdf);;PNG，300 dpi (*.png);;TikZ/LaTeX (*.tex)</translation>
    </message>
    <message>
        <source>Cannot export the figure</source>
        <translation>无法导出插图</translation>
    </message>
    <message>
        <source>Export layer &amp;table…</source>
        <translation>导出层表(&amp;T)…</translation>
    </message>
    <message>
        <source>Export layer table</source>
        <translation>导出层表</translation>
    </message>
    <message>
        <source>SVG (*.svg);;PDF (*.pdf);;PNG, 300 dpi (*.png)</source>
        <translation>SVG (*.svg);;PDF (*.pdf);;PNG，300 dpi (*.png)</translation>
    </message>
    <message>
        <source>&amp;Compare with…</source>
        <translation>比较网络(&amp;C)…</translation>
    </message>
</context>
<context>
    <name>MapDetailDialog</name>
    <message>
        <source>Feature map</source>
        <translation>特征图</translation>
    </message>
    <message>
        <source>column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Point at a pixel to read its value</source>
        <translation>将鼠标指向像素即可读取其数值</translation>
    </message>
    <message>
        <source>{0} ({1} × {2})</source>
        <translation>{0}（{1} × {2}）</translation>
    </message>
    <message>
        <source>row {0}, col {1}: {2:.4g}</source>
        <translation>第 {0} 行，第 {1} 列：{2:.4g}</translation>
    </message>
</context>
<context>
    <name>MetricPlots</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>run {0!r} exists already</source>
        <translation>训练记录 {0!r} 已经存在</translation>
    </message>
    <message>
        <source>no run {0!r}; call add_run first</source>
        <translation>没有训练记录 {0!r}；请先调用 add_run</translation>
    </message>
    <message>
        <source>best epoch {value:g}</source>
        <translation>最佳轮次 {value:g}</translation>
    </message>
    <message>
        <source>best {value:g}</source>
        <translation>最佳 {value:g}</translation>
    </message>
</context>
<context>
    <name>NetworkTree</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>branch {0}</source>
        <translation>分支 {0}</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
    <message>
        <source>Fix: {0}</source>
        <translation>修正：{0}</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Add branch</source>
        <translation>添加分支</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>未选择任何内容</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>Custom layer: an imported operation kept as its code; it trains and exports as it was, but cannot be edited here.</source>
        <translation>自定义层：导入的运算按原代码保留；它照常训练和导出，但不能在这里编辑。</translation>
    </message>
</context>
<context>
    <name>OptimiserRaceView</name>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>从头开始</translation>
    </message>
    <message>
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
    <message>
        <source>Ravine (steep across, flat along)</source>
        <translation>峡谷（横向陡、纵向平）</translation>
    </message>
    <message>
        <source>Saddle point</source>
        <translation>鞍点（马鞍面）</translation>
    </message>
    <message>
        <source>Plateau</source>
        <translation>平台（平坦区）</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation>学习率 η</translation>
    </message>
    <message>
        <source>μ or β₁</source>
        <translation>μ 或 β₁</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Surface</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>left the map</source>
        <translation>已发散（离开图面）</translation>
    </message>
    <message>
        <source>step {n} of {most}</source>
        <translation>第 {n} 步，共 {most} 步</translation>
    </message>
</context>
<context>
    <name>OverfittingLab</name>
    <message>
        <source>Training images: a small set is learned by heart, so the gap shows</source>
        <translation>训练图像数：小数据集会被死记硬背，差距就显现出来了</translation>
    </message>
    <message>
        <source>Start lab</source>
        <translation>开始实验</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Training images:</source>
        <translation>训练图像数：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮数：</translation>
    </message>
    <message>
        <source>Variant B:</source>
        <translation>方案 B：</translation>
    </message>
    <message>
        <source>A is your network and settings with every regulariser off (dropout p=0, no L1/L2 or weight decay, no augmentation); B is the same with one change. Solid lines are training, dashed lines validation. Early stopping is off in both, so the curves go on past the epoch it would keep (the lowest validation loss, dotted line).</source>
        <translation>A 是你的网络和设置，但关闭了所有正则化（dropout p=0，没有 L1/L2 正则化或权重衰减，没有数据增强）；B 与 A 相同，只改动一处。实线是训练集，虚线是验证集。两者都关闭了早停，所以曲线会越过早停本应保留的轮次（验证损失最低处，点线）继续延伸。</translation>
    </message>
    <message>
        <source>Ready: choose variant B and press Start lab.</source>
        <translation>准备就绪：选择方案 B，然后点击“开始实验”。</translation>
    </message>
    <message>
        <source>Dropout p={0} before the classifier</source>
        <translation>在分类器之前加入 Dropout p={0}</translation>
    </message>
    <message>
        <source>B: dropout {0}</source>
        <translation>B：dropout {0}</translation>
    </message>
    <message>
        <source>L2 penalty {0:g}</source>
        <translation>L2 正则化系数 {0:g}</translation>
    </message>
    <message>
        <source>B: L2 {0:g}</source>
        <translation>B：L2 {0:g}</translation>
    </message>
    <message>
        <source>Weight decay {0:g} (AdamW)</source>
        <translation>权重衰减 {0:g}（AdamW）</translation>
    </message>
    <message>
        <source>B: AdamW, decay {0:g}</source>
        <translation>B：AdamW，衰减 {0:g}</translation>
    </message>
    <message>
        <source>SGD + momentum {0:g} (lr {1:g}) instead of Adam</source>
        <translation>用 SGD + 动量 {0:g}（学习率 {1:g}）代替 Adam</translation>
    </message>
    <message>
        <source>B: SGD + momentum</source>
        <translation>B：SGD + 动量</translation>
    </message>
    <message>
        <source>Data augmentation on (random crop and flip)</source>
        <translation>开启数据增强（随机裁剪和翻转）</translation>
    </message>
    <message>
        <source>B: augmentation</source>
        <translation>B：数据增强</translation>
    </message>
    <message>
        <source>The network cannot work: {0}</source>
        <translation>网络无法工作：{0}</translation>
    </message>
    <message>
        <source>The lab cannot start: {0}</source>
        <translation>实验无法开始：{0}</translation>
    </message>
    <message>
        <source>Cannot create a temporary folder: {0}</source>
        <translation>无法创建临时文件夹：{0}</translation>
    </message>
    <message>
        <source>A: no regularisation</source>
        <translation>A：无正则化</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Preparing {0}…</source>
        <translation>正在准备 {0}…</translation>
    </message>
    <message>
        <source>Done: compare the gaps below.</source>
        <translation>完成：请比较下面的差距。</translation>
    </message>
    <message>
        <source>The lab could not run: {0}</source>
        <translation>实验无法运行：{0}</translation>
    </message>
    <message>
        <source>Train A, then B, on the subset</source>
        <translation>在子集上先训练 A，再训练 B</translation>
    </message>
    <message>
        <source>Training {0} on {1}: {2:,} images, {3} epochs</source>
        <translation>正在 {1} 上训练 {0}：{2:,} 张图像，{3} 轮</translation>
    </message>
    <message>
        <source>{0} ended: {1}{2}</source>
        <translation>{0} 结束：{1}{2}</translation>
    </message>
    <message>
        <source>set-up</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>train acc.</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>val. acc.</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>gap (acc. points)</source>
        <translation>差距（准确率百分点）</translation>
    </message>
    <message>
        <source>gap (val. − train loss)</source>
        <translation>差距（验证损失 − 训练损失）</translation>
    </message>
    <message>
        <source>lowest val. loss at</source>
        <translation>验证损失最低处</translation>
    </message>
    <message>
        <source>early stopping (patience {0}) stops at</source>
        <translation>早停（耐心 {0}）停止于</translation>
    </message>
    <message>
        <source>no validation set</source>
        <translation>没有验证集</translation>
    </message>
    <message>
        <source>epoch {0} (loss {1:.3f})</source>
        <translation>轮次 {0}（损失 {1:.3f}）</translation>
    </message>
    <message>
        <source>not within {0} epochs</source>
        <translation>{0} 轮内不会停止</translation>
    </message>
    <message>
        <source>epoch {0}, keeping epoch {1}</source>
        <translation>轮次 {0}，保留轮次 {1} 的权重</translation>
    </message>
</context>
<context>
    <name>PaddingEditor</name>
    <message>
        <source>pixels</source>
        <translation>像素</translation>
    </message>
    <message>
        <source>same (keep the size)</source>
        <translation>same（保持尺寸）</translation>
    </message>
    <message>
        <source>valid (no padding)</source>
        <translation>valid（不填充）</translation>
    </message>
</context>
<context>
    <name>PageCamera</name>
    <message>
        <source>Training: the maps follow the camera once the run has ended. Capture works now.</source>
        <translation>正在训练：本次训练结束后特征图才会跟随摄像头。现在可以拍摄。</translation>
    </message>
    <message>
        <source>No finished run to follow: train the network (Start) and its maps follow the camera. Capture works now.</source>
        <translation>还没有已完成的训练记录可跟随：先训练网络（开始），它的特征图就会跟随摄像头。现在可以拍摄。</translation>
    </message>
</context>
<context>
    <name>PlotLegend</name>
    <message>
        <source>Click to hide or show this run</source>
        <translation>点击以隐藏或显示该次训练记录</translation>
    </message>
</context>
<context>
    <name>PoolingLab</name>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>通道：</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>窗口：</translation>
    </message>
    <message>
        <source>Lp norm p:</source>
        <translation>Lp 范数 p：</translation>
    </message>
    <message>
        <source>Click a cell of the map: the window starts there (amber). Crimson: the winner.</source>
        <translation>点击特征图中的一个单元：窗口从那里开始（琥珀色）。深红色：最大值位置。</translation>
    </message>
    <message>
        <source>Max pooling</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>Average pooling</source>
        <translation>平均池化</translation>
    </message>
    <message>
        <source>Lp (L2) pooling</source>
        <translation>Lp（L2）池化</translation>
    </message>
    <message>
        <source>Gradient sent back to each input cell (output gradient = 1):</source>
        <translation>回传到每个输入单元的梯度（输出梯度 = 1）：</translation>
    </message>
    <message>
        <source>Example image (no layer)</source>
        <translation>示例图像（无对应层）</translation>
    </message>
    <message>
        <source>Example image: train the model to see the map a pooling layer really receives.</source>
        <translation>示例图像：训练模型后即可看到池化层实际接收到的特征图。</translation>
    </message>
    <message>
        <source>The map layer {0} received for the probe image, channel {1}: rows {2}..{3}, columns {4}..{5} of {6}x{7}.</source>
        <translation>第 {0} 层对观察图像接收到的特征图，通道 {1}：{6}x{7} 中的第 {2}..{3} 行、第 {4}..{5} 列。</translation>
    </message>
    <message>
        <source>Max: all of the gradient goes to the winner at ({0}, {1}); the other {2} cells learn nothing from this window. Average: each cell gets 1/{3}. Lp: larger values get larger shares.</source>
        <translation>最大池化：全部梯度都流向位于 ({0}, {1}) 的最大值位置；其余 {2} 个单元从这个窗口学不到任何东西。平均池化：每个单元得到 1/{3}。Lp 池化：数值越大，分到的梯度越多。</translation>
    </message>
    <message>
        <source>Example image: choose a pooling layer above to see the map it really receives.</source>
        <translation>示例图像：在上方选择一个池化层，即可看到它实际接收的特征图。</translation>
    </message>
</context>
<context>
    <name>PoolingView</name>
    <message>
        <source>The network has no pooling layer; add one from the palette.</source>
        <translation>网络中没有池化层；请从层面板添加一个。</translation>
    </message>
    <message>
        <source>Output shown:</source>
        <translation>显示的输出：</translation>
    </message>
    <message>
        <source>the layer&apos;s own</source>
        <translation>该层自己的</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>average</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>Pooling layer</source>
        <translation>池化层</translation>
    </message>
    <message>
        <source>Entering: {0} · epoch {1:.1f}</source>
        <translation>输入：{0} · 轮次 {1:.1f}</translation>
    </message>
    <message>
        <source>Leaving ({0}): {1}</source>
        <translation>输出（{0}）：{1}</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language is used after CNN Studio is restarted.</source>
        <translation>新语言将在重新启动 CNN Studio 后生效。</translation>
    </message>
    <message>
        <source>How much larger fonts are in presenter mode (View &gt; Presenter mode, F11)</source>
        <translation>演示模式下字体放大的倍数（视图 &gt; 演示模式，F11）</translation>
    </message>
    <message>
        <source>Presenter-mode font scale</source>
        <translation>演示模式字体缩放</translation>
    </message>
    <message>
        <source>Feature-map colour map</source>
        <translation>特征图颜色映射</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Torch threads for training from the window. Automatic: every core but one, which the window keeps for drawing. A project that sets its own thread count keeps it.</source>
        <translation>在窗口中训练时 torch 使用的线程数。自动：除一个核心外的全部核心（留一个给窗口绘图）。项目自己设定了线程数时以项目为准。</translation>
    </message>
    <message>
        <source>Training threads</source>
        <translation>训练线程数</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Light or dark window colours; the system&apos;s follows its setting</source>
        <translation>窗口使用浅色或深色配色；“跟随系统”随系统设置变化</translation>
    </message>
    <message>
        <source>Colour scheme</source>
        <translation>配色方案</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Where MNIST, Fashion-MNIST, KMNIST, CIFAR-10/100 and SVHN are read from and downloaded to, for projects that name no folder of their own. Blank: the default folder.</source>
        <translation>未指定自己文件夹的项目从这里读取 MNIST、Fashion-MNIST、KMNIST、CIFAR-10/100 和 SVHN，也下载到这里。留空：使用默认文件夹。</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Projects that name no folder read and download their datasets here.</source>
        <translation>未指定文件夹的项目在这里读取和下载数据集。</translation>
    </message>
    <message>
        <source>Blank: {0}, the folder earlier versions used, since it exists (new installs use the platform&apos;s data folder).</source>
        <translation>留空：使用 {0}，即早期版本使用的文件夹，因为它已存在（新安装使用系统的数据文件夹）。</translation>
    </message>
    <message>
        <source>Blank: {0}, the platform&apos;s data folder.</source>
        <translation>留空：使用 {0}，即系统的数据文件夹。</translation>
    </message>
</context>
<context>
    <name>ProbeBar</name>
    <message>
        <source>The probe image: every map shows what it becomes</source>
        <translation>观察图像：每张特征图都显示它在网络中变成了什么</translation>
    </message>
    <message>
        <source>validation #</source>
        <translation>验证集 #</translation>
    </message>
    <message>
        <source>Picture…</source>
        <translation>图片…</translation>
    </message>
    <message>
        <source>Use a picture file as the probe image</source>
        <translation>使用图片文件作为观察图像</translation>
    </message>
    <message>
        <source>Scrub through the epochs; the right end follows training live</source>
        <translation>拖动浏览各轮；最右端实时跟随训练</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Probe</source>
        <translation>观察图像</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Probe picture</source>
        <translation>选择观察图像</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg *.bmp *.gif)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.gif)</translation>
    </message>
    <message>
        <source>{0}: not a picture this program can read</source>
        <translation>{0}：不是本程序能读取的图片</translation>
    </message>
    <message>
        <source>{0} ✕</source>
        <translation>{0} ✕</translation>
    </message>
    <message>
        <source>epoch {0}</source>
        <translation>轮次 {0}</translation>
    </message>
    <message>
        <source>Camera…</source>
        <translation>摄像头…</translation>
    </message>
    <message>
        <source>Looking for a camera…</source>
        <translation>正在查找摄像头…</translation>
    </message>
    <message>
        <source>Use a camera as the probe image: the maps follow it live</source>
        <translation>用摄像头作为观察图像：特征图实时跟随</translation>
    </message>
    <message>
        <source>Camera ●</source>
        <translation>摄像头 ●</translation>
    </message>
    <message>
        <source>end of run</source>
        <translation>训练结束时</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source>{0}: unknown, did you mean {1}?</source>
        <translation>{0}：未知的键，您是想写 {1} 吗？</translation>
    </message>
    <message>
        <source>{0}: unknown, kept in the file but not used</source>
        <translation>{0}：未知的键，保留在文件中但不会使用</translation>
    </message>
    <message>
        <source>{0} unknown keys in the file (kept, not used): {1}, …</source>
        <translation>文件中有 {0} 个未知的键（保留但不使用）：{1}，…</translation>
    </message>
</context>
<context>
    <name>ProjectDocument</name>
    <message>
        <source>Add {0}</source>
        <translation>添加 {0}</translation>
    </message>
    <message>
        <source>Delete {0}</source>
        <translation>删除 {0}</translation>
    </message>
    <message>
        <source>Move {0}</source>
        <translation>移动 {0}</translation>
    </message>
    <message>
        <source>Duplicate {0}</source>
        <translation>复制 {0}</translation>
    </message>
    <message>
        <source>Change {0} {1}</source>
        <translation>修改 {0} 的 {1}</translation>
    </message>
    <message>
        <source>Add branch</source>
        <translation>添加分支</translation>
    </message>
    <message>
        <source>Change input size</source>
        <translation>修改输入尺寸</translation>
    </message>
    <message>
        <source>Rename project</source>
        <translation>重命名项目</translation>
    </message>
    <message>
        <source>Change dataset</source>
        <translation>更改数据集</translation>
    </message>
    <message>
        <source>Change training settings</source>
        <translation>修改训练设置</translation>
    </message>
    <message>
        <source>{0} (unsaved)</source>
        <translation>{0}（未保存）</translation>
    </message>
</context>
<context>
    <name>ReceptiveFieldView</name>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>通道：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Input image&lt;/b&gt;</source>
        <translation>&lt;b&gt;输入图像&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Click any cell of the layer&apos;s output (left).</source>
        <translation>点击该层输出（左侧）中的任意单元。</translation>
    </message>
    <message>
        <source>This network has no layer with a feature map.</source>
        <translation>这个网络没有输出特征图的层。</translation>
    </message>
    <message>
        <source>Cell ({0}, {1}) depends on input rows {2}..{3} and columns {4}..{5}: {6}x{7} pixels. Receptive field of this layer: {8}.</source>
        <translation>单元 ({0}, {1}) 取决于输入的第 {2}..{3} 行和第 {4}..{5} 列：{6}x{7} 个像素。该层的感受野：{8}。</translation>
    </message>
    <message>
        <source>Part of the field lies in the padding, outside the image.</source>
        <translation>感受野的一部分落在填充区，即图像之外。</translation>
    </message>
    <message>
        <source>Drawn on the probe image.</source>
        <translation>绘制在观察图像上。</translation>
    </message>
    <message>
        <source>Drawn on a sample image of the dataset.</source>
        <translation>绘制在数据集的一张样本图像上。</translation>
    </message>
    <message>
        <source>No image yet: the example drawing stands in for the input.</source>
        <translation>还没有图像：用示例图代替输入。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Output of {0}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{0} 的输出&lt;/b&gt;</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>“{0}” ({1}), unsaved changes kept at {2}</source>
        <translation>“{0}”（{1}），未保存的修改保存于 {2}</translation>
    </message>
    <message>
        <source>“{0}” (never saved), kept at {1}</source>
        <translation>“{0}”（从未保存），保存于 {1}</translation>
    </message>
    <message>
        <source>Recover unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <source>CNN Studio did not close normally. These unsaved changes were kept; restore one into this window, or keep them for the next start.</source>
        <translation>CNN Studio 上次没有正常关闭，以下未保存的修改已被保留。可以把其中一份恢复到本窗口，或留到下次启动时再处理。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Keep for later</source>
        <translation>稍后再说</translation>
    </message>
    <message>
        <source>Delete unsaved changes</source>
        <translation>删除未保存的修改</translation>
    </message>
    <message>
        <source>Delete {0}? They cannot be brought back.</source>
        <translation>删除 {0}？删除后无法找回。</translation>
    </message>
    <message>
        <source>A CNN Studio window that did not close normally kept unsaved changes to this file:
{0}

Yes: restore them. No: open the file as saved and keep them for later. Discard: delete them.</source>
        <translation>一个没有正常关闭的 CNN Studio 窗口保留了此文件未保存的修改：
{0}

是：恢复这些修改。否：打开已保存的文件，并把这些修改留到以后。放弃：删除这些修改。</translation>
    </message>
    <message>
        <source>File changed on disk</source>
        <translation>文件已在磁盘上被修改</translation>
    </message>
    <message>
        <source>“{0}” was changed on disk after you opened it (by another window or program). Saving now replaces those changes with yours.

Yes: overwrite it. No: save yours under another name.</source>
        <translation>“{0}”在你打开之后已在磁盘上被修改（由另一个窗口或程序）。现在保存会用你的版本替换那些修改。

是：覆盖它。否：把你的版本另存为其他文件名。</translation>
    </message>
</context>
<context>
    <name>ResultsDialog</name>
    <message>
        <source>Collect lesson results</source>
        <translation>收集练习结果</translation>
    </message>
    <message>
        <source>No lesson chosen.</source>
        <translation>尚未选择练习。</translation>
    </message>
    <message>
        <source>No folder chosen.</source>
        <translation>尚未选择文件夹。</translation>
    </message>
    <message>
        <source>Lesson file...</source>
        <translation>练习文件…</translation>
    </message>
    <message>
        <source>Folder of results...</source>
        <translation>结果文件夹…</translation>
    </message>
    <message>
        <source>A valid signature shows that the file was not edited after the program wrote it. It does not prove the work is the student&apos;s: the key is in the lesson file. &apos;Network checked&apos; means the network in the file really has the parameters and output size it claims; an accuracy can only be confirmed by training that network again.</source>
        <translation>签名有效，说明文件在程序写出之后没有被改动过。它不能证明作业是学生本人完成的：密钥就在练习文件里。“网络已核对”表示文件中的网络确实具有它所写的参数量和输出尺寸；准确率只能通过重新训练这个网络来确认。</translation>
    </message>
    <message>
        <source>Save as CSV...</source>
        <translation>另存为 CSV…</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>学生</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>写出时间</translation>
    </message>
    <message>
        <source>Goal met</source>
        <translation>目标达成</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Network checked</source>
        <translation>网络已核对</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>{0} result files read.</source>
        <translation>已读取 {0} 个结果文件。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>invalid: edited</source>
        <translation>无效：被改动过</translation>
    </message>
    <message>
        <source>another lesson</source>
        <translation>其他练习</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Lesson file</source>
        <translation>练习文件</translation>
    </message>
    <message>
        <source>Lessons (*.cnnlesson.json)</source>
        <translation>练习文件 (*.cnnlesson.json)</translation>
    </message>
    <message>
        <source>Folder of results</source>
        <translation>结果文件夹</translation>
    </message>
    <message>
        <source>Save as CSV</source>
        <translation>另存为 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>ResultsView</name>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Results appear here when a run ends.</source>
        <translation>训练结束后，结果会显示在这里。</translation>
    </message>
    <message>
        <source>Top {0} for the chosen image</source>
        <translation>所选图像的前 {0} 个预测</translation>
    </message>
    <message>
        <source>First-layer filters</source>
        <translation>第一层滤波器</translation>
    </message>
    <message>
        <source>Predictions (red: mistakes)</source>
        <translation>预测（红色：错误）</translation>
    </message>
    <message>
        <source>Confusion matrix (rows: true class)</source>
        <translation>混淆矩阵（行：真实类别）</translation>
    </message>
    <message>
        <source>Accuracy on the {0} split: {1:.1%} ({2:,} images)</source>
        <translation>{0}集上的准确率：{1:.1%}（{2:,} 张图像）</translation>
    </message>
    <message>
        <source>no conv layer</source>
        <translation>没有卷积层</translation>
    </message>
    <message>
        <source>filter {0}: {1}</source>
        <translation>滤波器 {0}：{1}</translation>
    </message>
    <message>
        <source>true: {0}, predicted: {1}</source>
        <translation>真实：{0}，预测：{1}</translation>
    </message>
    <message>
        <source>True class: &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>真实类别：&lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Click a cell to see its images, with Grad-CAM and top-5</source>
        <translation>点击一格，查看其中的图像及其 Grad-CAM 和前 5 个预测</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <source>The training process was killed ({0}): the system may have run out of memory. The project is unchanged; Start tries again.</source>
        <translation>训练进程被终止（{0}）：系统可能内存不足。项目未被改动；点“开始”可重新训练。</translation>
    </message>
    <message>
        <source>The training process was killed ({0}). The project is unchanged; Start tries again.</source>
        <translation>训练进程被终止（{0}）。项目未被改动；点“开始”可重新训练。</translation>
    </message>
    <message>
        <source>The training process stopped unexpectedly (exit code {0}). The project is unchanged; Start tries again.</source>
        <translation>训练进程意外退出（退出码 {0}）。项目未被改动；点“开始”可重新训练。</translation>
    </message>
</context>
<context>
    <name>RunTitle</name>
    <message>
        <source>Run {0}</source>
        <translation>第 {0} 次训练</translation>
    </message>
</context>
<context>
    <name>RunViews</name>
    <message>
        <source>Activation maps</source>
        <translation>激活图</translation>
    </message>
    <message>
        <source>Pooling: before and after</source>
        <translation>池化前后对比</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Results appear here when a run ends.</source>
        <translation>训练结束后，结果会显示在这里。</translation>
    </message>
    <message>
        <source>{0} kept no results (it was recorded by an earlier version of CNN Studio, or stopped before they were measured).</source>
        <translation>{0} 没有保存结果（它由较早版本的 CNN Studio 记录，或在测量结果之前就已停止）。</translation>
    </message>
    <message>
        <source>{0}: the network it was made with is not recorded, so its maps cannot be named.</source>
        <translation>{0}：没有记录它所用的网络，因此无法标注它的特征图。</translation>
    </message>
    <message>
        <source>{0}, made with an earlier network: its maps and results are shown under that network&apos;s own layers. Train again to see the network you are editing.</source>
        <translation>{0}，由较早的网络训练得到：它的特征图和结果按那个网络自己的层显示。重新训练即可看到你正在编辑的网络。</translation>
    </message>
    <message>
        <source>Showing {0} (training…)</source>
        <translation>正在显示 {0}（训练中…）</translation>
    </message>
    <message>
        <source>Showing {0}</source>
        <translation>正在显示 {0}</translation>
    </message>
    <message>
        <source>(not everything could be read: {0})</source>
        <translation>（有部分内容无法读取：{0}）</translation>
    </message>
    <message>
        <source>{0} was made with an earlier network: the tools below use untrained weights and example images until you train the network you are editing (Train page, Start).</source>
        <translation>{0} 由较早的网络训练得到：在你训练当前编辑的网络之前（训练页面，开始），下面的工具使用未训练的权重和示例图像。</translation>
    </message>
    <message>
        <source>Channels: what each detects</source>
        <translation>通道：各自检测什么</translation>
    </message>
    <message>
        <source>Feature space</source>
        <translation>特征空间</translation>
    </message>
    <message>
        <source>Training health</source>
        <translation>训练健康状况</translation>
    </message>
</context>
<context>
    <name>RunsOverlay</name>
    <message>
        <source>validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>mean ± 1 standard deviation (n − 1)</source>
        <translation>平均值 ± 1 个标准差（n − 1）</translation>
    </message>
    <message>
        <source>mean, lowest to highest run</source>
        <translation>平均值，最低到最高的一次训练</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Curve</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Shaded</source>
        <translation>阴影范围</translation>
    </message>
    <message>
        <source>Neither side has recorded runs: train a network (or open a project with runs) to overlay its curves here.</source>
        <translation>两边都没有训练记录：先训练网络（或打开带有训练记录的项目），才能在这里叠加它们的曲线。</translation>
    </message>
    <message>
        <source>The thick line is the mean over a network&apos;s runs (different seeds); an epoch only some runs reached is averaged over those.</source>
        <translation>粗线是同一网络多次训练（不同随机种子）的平均值；只有部分训练到达的轮次，只对这些训练求平均。</translation>
    </message>
    <message>
        <source>{0}, earlier network</source>
        <translation>{0}（较早的网络）</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>{0}: mean of {1} runs ({2})</source>
        <translation>{0}：{1} 次训练的平均值（{2}）</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Remove run</source>
        <translation>删除该次训练</translation>
    </message>
    <message>
        <source>{0} (training…)</source>
        <translation>{0}（训练中…）</translation>
    </message>
    <message>
        <source>Training now: it joins the project&apos;s runs when it ends</source>
        <translation>正在训练：结束后加入项目的训练记录</translation>
    </message>
    <message>
        <source>Made with an earlier network than the one in the editor</source>
        <translation>由比编辑器中更早的网络训练得到</translation>
    </message>
    <message>
        <source>Tick to overlay a run (the plots draw up to {0} at once); double-click to rename it</source>
        <translation>勾选以叠加显示该次训练的曲线（图表最多同时画出 {0} 个训练记录）；双击可重命名</translation>
    </message>
</context>
<context>
    <name>SaliencyPanel</name>
    <message>
        <source>Saliency (gradient)</source>
        <translation>显著图（梯度）</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Image:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <source>Opacity:</source>
        <translation>不透明度：</translation>
    </message>
    <message>
        <source>the predicted class</source>
        <translation>预测的类别</translation>
    </message>
    <message>
        <source>No images of the network&apos;s input size yet: train it once on the Train page (Start).</source>
        <translation>还没有与网络输入尺寸相同的图像：先在“训练”页训练一次（开始）。</translation>
    </message>
    <message>
        <source>Cannot compute the map: {0}</source>
        <translation>无法计算该图：{0}</translation>
    </message>
    <message>
        <source>No trained model yet: an untrained network&apos;s map is noise. Train first.</source>
        <translation>还没有训练好的模型：未训练网络的图只是噪声。请先训练。</translation>
    </message>
    <message>
        <source>the network has no layer with feature maps</source>
        <translation>网络中没有输出特征图的层</translation>
    </message>
    <message>
        <source>Image {0} is a &apos;{1}&apos;. The model says &apos;{2}&apos; ({3:.0%}). The map shows where &apos;{4}&apos; ({5:.0%}) looked.</source>
        <translation>图像 {0} 是“{1}”。模型判断为“{2}”（{3:.0%}）。该图显示判断“{4}”（{5:.0%}）时关注的位置。</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Split and preprocessing</source>
        <translation>划分与预处理</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调整策略</translation>
    </message>
    <message>
        <source>Regularisation and stopping</source>
        <translation>正则化与停止</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>初始化、种子与设备</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>How many kinds of shapes to draw</source>
        <translation>要绘制多少种形状</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>Images generated in all, before the split</source>
        <translation>划分之前总共生成的图像数</translation>
    </message>
    <message>
        <source>Background noise</source>
        <translation>背景噪声</translation>
    </message>
    <message>
        <source>0 is a clean background, 1 a very noisy one</source>
        <translation>0 为干净背景，1 为噪声很大的背景</translation>
    </message>
    <message>
        <source>Resize to the input</source>
        <translation>缩放到输入尺寸</translation>
    </message>
    <message>
        <source>Off: the 8x8 pixels are centred on the input instead of enlarged</source>
        <translation>关闭：8x8 像素放在输入中央而不放大</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Where the dataset&apos;s files are (or will be downloaded)</source>
        <translation>数据集文件所在（或将要下载到）的位置</translation>
    </message>
    <message>
        <source>Download if missing</source>
        <translation>缺失时下载</translation>
    </message>
    <message>
        <source>Needs a network connection; otherwise copy the files into the folder</source>
        <translation>需要网络连接；否则请把文件复制到该文件夹</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证集比例</translation>
    </message>
    <message>
        <source>Part of the training images held out to watch overfitting</source>
        <translation>从训练图像中留出、用于观察过拟合的部分</translation>
    </message>
    <message>
        <source>Test share</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Part held out for the final accuracy and the confusion matrix</source>
        <translation>留出用于最终准确率和混淆矩阵的部分</translation>
    </message>
    <message>
        <source>Use at most (0 = all)</source>
        <translation>最多使用（0 = 全部）</translation>
    </message>
    <message>
        <source>Train on a small subset: quick demos, or to show overfitting</source>
        <translation>在小子集上训练：用于快速演示或展示过拟合</translation>
    </message>
    <message>
        <source>Whiten per channel</source>
        <translation>逐通道白化</translation>
    </message>
    <message>
        <source>Subtract the mean and divide by the std of each channel, measured on the training split</source>
        <translation>减去每个通道的均值并除以其标准差（在训练集上计算）</translation>
    </message>
    <message>
        <source>Random crop</source>
        <translation>随机裁剪</translation>
    </message>
    <message>
        <source>Pad, then cut a random window of the original size</source>
        <translation>先填充，再随机裁出原尺寸的窗口</translation>
    </message>
    <message>
        <source>  padding (px)</source>
        <translation>  填充（像素）</translation>
    </message>
    <message>
        <source>Horizontal flip</source>
        <translation>水平翻转</translation>
    </message>
    <message>
        <source>Vertical flip</source>
        <translation>垂直翻转</translation>
    </message>
    <message>
        <source>Off by default: an upside-down 6 is a 9</source>
        <translation>默认关闭：倒过来的 6 就是 9</translation>
    </message>
    <message>
        <source>Brightness, contrast, colour</source>
        <translation>亮度、对比度、颜色</translation>
    </message>
    <message>
        <source>  strength</source>
        <translation>  强度</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>  up to ± degrees</source>
        <translation>  最多 ± 度</translation>
    </message>
    <message>
        <source>Scaling</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>  amount</source>
        <translation>  幅度</translation>
    </message>
    <message>
        <source>Occlusion (random erasing)</source>
        <translation>遮挡（随机擦除）</translation>
    </message>
    <message>
        <source>  largest area</source>
        <translation>  最大面积</translation>
    </message>
    <message>
        <source>What training minimises: cross-entropy of the softmax, the multi-class hinge (SVM) loss, or the squared error between the softmax and the one-hot target</source>
        <translation>训练要最小化的量：softmax 的交叉熵、多类合页损失（SVM），或 softmax 与独热（one-hot）目标之间的平方误差</translation>
    </message>
    <message>
        <source>SGD with momentum, Adagrad, RMSprop, Adam or AdamW</source>
        <translation>带动量的 SGD、Adagrad、RMSprop、Adam 或 AdamW</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>Weight decay (decoupled for AdamW)</source>
        <translation>权重衰减（AdamW 为解耦式）</translation>
    </message>
    <message>
        <source>The optimiser&apos;s own decay, separate from the L2 penalty below</source>
        <translation>优化器自带的衰减，与下面的 L2 正则化系数相互独立</translation>
    </message>
    <message>
        <source>Clip gradient norm (0 = off)</source>
        <translation>梯度范数裁剪（0 = 关闭）</translation>
    </message>
    <message>
        <source>Before each step, scale the gradient down when its length (L2 norm) is above this</source>
        <translation>每一步更新之前，若梯度的长度（L2 范数）超过此值，就把梯度按比例缩小</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>调整策略</translation>
    </message>
    <message>
        <source>constant, step, multi-step, exponential, cosine or reduce-on-plateau</source>
        <translation>恒定、阶梯衰减、多阶梯衰减、指数衰减、余弦退火或验证损失停滞时衰减</translation>
    </message>
    <message>
        <source>Epochs per step</source>
        <translation>衰减间隔（轮）</translation>
    </message>
    <message>
        <source>Decay factor</source>
        <translation>衰减系数</translation>
    </message>
    <message>
        <source>Warm-up epochs</source>
        <translation>预热轮数</translation>
    </message>
    <message>
        <source>Grow the learning rate linearly over the first epochs</source>
        <translation>在最初几轮中线性增大学习率</translation>
    </message>
    <message>
        <source>L1 penalty</source>
        <translation>L1 正则化系数</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>L2 正则化系数</translation>
    </message>
    <message>
        <source>Penalise</source>
        <translation>正则化范围</translation>
    </message>
    <message>
        <source>all layers, conv layers or linear layers</source>
        <translation>所有层、仅卷积层或仅全连接层</translation>
    </message>
    <message>
        <source>Penalise biases too</source>
        <translation>偏置也参与正则化</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>早停</translation>
    </message>
    <message>
        <source>Stop when the validation loss stops improving, and keep the best weights</source>
        <translation>验证损失不再下降时停止，并保留最佳权重</translation>
    </message>
    <message>
        <source>  patience (epochs)</source>
        <translation>  耐心（轮数）</translation>
    </message>
    <message>
        <source>Weight init</source>
        <translation>权重初始化</translation>
    </message>
    <message>
        <source>torch&apos;s default, Kaiming, Xavier, or a small Gaussian (std 0.01)</source>
        <translation>torch 默认、Kaiming、Xavier 或小高斯分布（标准差 0.01）</translation>
    </message>
    <message>
        <source>Bias init</source>
        <translation>偏置初始化</translation>
    </message>
    <message>
        <source>Biases start at torch&apos;s default, at zero, or at a small positive value such as 0.01</source>
        <translation>偏置的初始值：torch 默认、零，或一个小的正值（如 0.01）</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>The same seed gives the same data, weights and run</source>
        <translation>相同的种子得到相同的数据、权重和训练结果</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Built-in sets need no download</source>
        <translation>内置数据集无需下载</translation>
    </message>
    <message>
        <source>default folder</source>
        <translation>默认文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Change dataset</source>
        <translation>更改数据集</translation>
    </message>
    <message>
        <source>Set {0}</source>
        <translation>设置“{0}”</translation>
    </message>
</context>
<context>
    <name>SideChooser</name>
    <message>
        <source>Current project: {0}</source>
        <translation>当前项目：{0}</translation>
    </message>
    <message>
        <source>Template: {0}</source>
        <translation>模板：{0}</translation>
    </message>
    <message>
        <source>Project file…</source>
        <translation>项目文件…</translation>
    </message>
    <message>
        <source>Import a network…</source>
        <translation>导入网络…</translation>
    </message>
    <message>
        <source>Compare with a project</source>
        <translation>与一个项目比较</translation>
    </message>
    <message>
        <source>CNN Studio projects (*.cnnproj.json *.json)</source>
        <translation>CNN Studio 项目 (*.cnnproj.json *.json)</translation>
    </message>
</context>
<context>
    <name>SizeEditor</name>
    <message>
        <source>square</source>
        <translation>宽高相同</translation>
    </message>
</context>
<context>
    <name>StrideEditor</name>
    <message>
        <source>= kernel</source>
        <translation>= 窗口尺寸</translation>
    </message>
</context>
<context>
    <name>StudentMode</name>
    <message>
        <source>&amp;Lessons</source>
        <translation>练习(&amp;L)</translation>
    </message>
    <message>
        <source>Open lesson...</source>
        <translation>打开练习…</translation>
    </message>
    <message>
        <source>Ready lessons</source>
        <translation>现成的练习</translation>
    </message>
    <message>
        <source>Leave the lesson</source>
        <translation>退出练习</translation>
    </message>
    <message>
        <source>Make a lesson from this project...</source>
        <translation>用本项目制作练习…</translation>
    </message>
    <message>
        <source>Collect results...</source>
        <translation>收集结果…</translation>
    </message>
    <message>
        <source>Cannot open the lesson</source>
        <translation>无法打开练习</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>练习</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开练习</translation>
    </message>
    <message>
        <source>Lessons (*.cnnlesson.json)</source>
        <translation>练习文件 (*.cnnlesson.json)</translation>
    </message>
</context>
<context>
    <name>TeachingPage</name>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Pooling lab</source>
        <translation>池化实验</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>FC to conv</source>
        <translation>全连接转卷积</translation>
    </message>
    <message>
        <source>Exercises</source>
        <translation>习题</translation>
    </message>
    <message>
        <source>Saliency / Grad-CAM</source>
        <translation>显著图 / Grad-CAM</translation>
    </message>
    <message>
        <source>Overfitting lab</source>
        <translation>过拟合实验</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Optimiser race</source>
        <translation>优化器赛跑</translation>
    </message>
</context>
<context>
    <name>TemplateDialog</name>
    <message>
        <source>New from template</source>
        <translation>从模板新建</translation>
    </message>
    <message>
        <source>INPUT -&gt; [[CONV -&gt; RELU]*N -&gt; POOL?]*M -&gt; [FC -&gt; RELU]*K -&gt; FC</source>
        <translation>INPUT -&gt; [[CONV -&gt; RELU]*N -&gt; POOL?]*M -&gt; [FC -&gt; RELU]*K -&gt; FC</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;{1}&lt;br&gt;Input {2} · {3:,} parameters</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;{1}&lt;br&gt;输入 {2} · 参数量 {3:,}</translation>
    </message>
    <message>
        <source>Command line: cnnstudio template {0}</source>
        <translation>命令行：cnnstudio template {0}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
</context>
<context>
    <name>Totals</name>
    <message>
        <source>The network cannot work: {0}</source>
        <translation>网络无法工作：{0}</translation>
    </message>
    <message>
        <source>Output {0} · {1:,} parameters ({2}) · activations {3:,} values ({4}) per image · {5:,} multiply-adds</source>
        <translation>输出 {0} · 参数量 {1:,}（{2}）· 每张图像激活值 {3:,} 个（{4}）· 乘加次数 {5:,}</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <source>Finished: all epochs done</source>
        <translation>完成：所有轮次已训练完毕</translation>
    </message>
    <message>
        <source>Stopped early: the validation loss stopped improving (best weights kept)</source>
        <translation>早停：验证损失不再下降（已保留最佳权重）</translation>
    </message>
    <message>
        <source>Diverged: the loss became NaN or infinite; the last good weights are kept</source>
        <translation>发散：损失变为 NaN 或无穷大；已保留最后一组正常的权重</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>The network cannot work: {0}</source>
        <translation>网络无法工作：{0}</translation>
    </message>
    <message>
        <source>Train the network with these settings</source>
        <translation>用这些设置训练网络</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Skip test</source>
        <translation>跳过测试</translation>
    </message>
    <message>
        <source>Cannot create the run folder: {0}</source>
        <translation>无法创建训练记录文件夹：{0}</translation>
    </message>
    <message>
        <source>Preparing the data and the model…</source>
        <translation>正在准备数据和模型…</translation>
    </message>
    <message>
        <source>{0} is paused</source>
        <translation>{0} 已暂停</translation>
    </message>
    <message>
        <source>Training {0}…</source>
        <translation>正在训练 {0}…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <source>Paused: Resume continues from the same batch.</source>
        <translation>已暂停：点击“继续”将从同一批次接着训练。</translation>
    </message>
    <message>
        <source>Stopping after this batch…</source>
        <translation>本批次结束后停止…</translation>
    </message>
    <message>
        <source>Training on {0}: {1:,} images, {2} classes</source>
        <translation>正在 {0} 上训练：{1:,} 张图像，{2} 个类别</translation>
    </message>
    <message>
        <source>epoch {0} · %p%</source>
        <translation>轮次 {0} · %p%</translation>
    </message>
    <message>
        <source>{0:,.0f} img/s · {1} left</source>
        <translation>{0:,.0f} 张/秒 · 剩余 {1}</translation>
    </message>
    <message>
        <source> · test accuracy {0:.1%}</source>
        <translation> · 测试准确率 {0:.1%}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>{0:,.0f} img/s on average</source>
        <translation>平均每秒 {0:,.0f} 张图像</translation>
    </message>
    <message>
        <source> (maps not saved: {0})</source>
        <translation>（特征图未保存：{0}）</translation>
    </message>
    <message>
        <source>Training could not run: {0}</source>
        <translation>训练无法运行：{0}</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Cannot start: {0}</source>
        <translation>无法开始：{0}</translation>
    </message>
    <message>
        <source>Ready to train</source>
        <translation>可以训练</translation>
    </message>
    <message>
        <source>The training loss came back down ({0:.3g}).</source>
        <translation>训练损失已回落（{0:.3g}）。</translation>
    </message>
    <message>
        <source>The training loss keeps rising ({0:.3g}, from {1:.3g} at the start): the run is diverging. Lower the learning rate (now {2:.3g}): Stop and start again, or Pause and change it.</source>
        <translation>训练损失持续上升（{0:.3g}，开始时为 {1:.3g}）：训练正在发散。请降低学习率（当前为 {2:.3g}）：停止后重新开始，或暂停后修改。</translation>
    </message>
    <message>
        <source>test split</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>validation split</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Training is over. Measuring the {0} ({1:,} images) for the results; Skip test ends it now.</source>
        <translation>训练已结束。正在评估{0}（{1:,} 张图像）以得出结果；点“跳过测试”可立即结束。</translation>
    </message>
    <message>
        <source>test · %p%</source>
        <translation>测试 · %p%</translation>
    </message>
    <message>
        <source>validation · %p%</source>
        <translation>验证 · %p%</translation>
    </message>
    <message>
        <source>The change was refused: {0}</source>
        <translation>修改未被接受：{0}</translation>
    </message>
    <message>
        <source>lr → {0:.3g}</source>
        <translation>学习率 → {0:.3g}</translation>
    </message>
    <message>
        <source>dropout → {0}</source>
        <translation>dropout → {0}</translation>
    </message>
    <message>
        <source>frozen: {0}</source>
        <translation>冻结：{0}</translation>
    </message>
    <message>
        <source>learning rate {0:.3g} → {1:.3g}</source>
        <translation>学习率 {0:.3g} → {1:.3g}</translation>
    </message>
    <message>
        <source>dropout of layer {0}: {1:.2f} → {2:.2f}</source>
        <translation>第 {0} 层的 dropout 比率：{1:.2f} → {2:.2f}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>frozen layers: {0}</source>
        <translation>冻结的层：{0}</translation>
    </message>
    <message>
        <source>Changed at epoch {0:.2f}: {1}</source>
        <translation>在轮次 {0:.2f} 修改：{1}</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Change the learning rate, dropout or frozen layers of the paused run</source>
        <translation>修改暂停中训练的学习率、dropout 比率或冻结的层</translation>
    </message>
    <message>
        <source>The change is sent: the run takes it when it resumes.</source>
        <translation>修改已发送：训练继续时生效。</translation>
    </message>
    <message>
        <source>Download failed: {0}</source>
        <translation>下载失败：{0}</translation>
    </message>
    <message>
        <source>Download cancelled</source>
        <translation>下载已取消</translation>
    </message>
</context>
<context>
    <name>UpdateRulePanel</name>
    <message>
        <source>Your project&apos;s optimiser</source>
        <translation>本项目的优化器</translation>
    </message>
    <message>
        <source>Update rule of</source>
        <translation>更新规则：</translation>
    </message>
    <message>
        <source>The project&apos;s training settings cannot be read.</source>
        <translation>无法读取本项目的训练设置。</translation>
    </message>
    <message>
        <source>{name}, as your project trains</source>
        <translation>{name}（本项目训练时所用）</translation>
    </message>
    <message>
        <source>{name}, as it races</source>
        <translation>{name}（赛跑中所用）</translation>
    </message>
</context>
<context>
    <name>UpdateRules</name>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Plain gradient descent: every step goes against the gradient, scaled by the learning rate.</source>
        <translation>普通梯度下降：每一步都沿梯度的反方向走，步长由学习率决定。</translation>
    </message>
    <message>
        <source>The step carries a running sum of past gradients (the velocity v), so it keeps going over flat ground and across a saddle, but the sum also carries it past the minimum. Course 004 writes it as v ← α·v − ε·g, θ ← θ + v: the same walk, its v being −η times this v, with α = μ and ε = η.</source>
        <translation>每一步都带着过去梯度的累加（速度 v，即动量/冲量），所以在平坦处和马鞍面上仍能继续前进；但累加效应也会让它冲过最小值。课程 004 写作 v ← α·v − ε·g，θ ← θ + v：走的是同一条路，那里的 v 等于这里的 v 乘以 −η，α = μ，ε = η。</translation>
    </message>
    <message>
        <source>Momentum that looks ahead: the gradient counts as if taken after the velocity&apos;s step, which brakes earlier before the minimum (course 004).</source>
        <translation>先估计再计算的动量：梯度按照沿速度先走一步之后的位置来算，因此在接近最小值之前就提前减速（课程 004）。</translation>
    </message>
    <message>
        <source>Each weight gets its own step: the learning rate is divided by the root of the sum of that weight&apos;s squared gradients, so steep directions take small steps and flat ones larger steps.</source>
        <translation>每个权重有自己的步长：学习率除以该权重历次梯度平方和的平方根，所以陡峭的方向步长小，平缓的方向步长大。</translation>
    </message>
    <message>
        <source>Like Adagrad, but the squared gradients are averaged with decay ρ instead of summed, so the steps do not shrink for ever.</source>
        <translation>与 Adagrad 类似，但梯度平方按衰减系数 ρ 做滑动平均而不是一直累加，所以步长不会越来越小。</translation>
    </message>
    <message>
        <source>Adaptive moment estimation: a running mean of the gradient (m, like momentum) divided by the root of a running mean of its square (v, like RMSprop), both corrected for starting at zero.</source>
        <translation>自适应矩估计：梯度的滑动平均（m，类似动量）除以梯度平方的滑动平均（v，类似 RMSprop）的平方根，两者都对从零开始造成的偏差做了修正。</translation>
    </message>
    <message>
        <source>Adam with decoupled weight decay: the weights shrink by η·λ on their own instead of λ·θ being added to the gradient, where Adam&apos;s division would weaken it.</source>
        <translation>权重衰减与梯度分开的 Adam：权重自身按 η·λ 的比例缩小，而不是把 λ·θ 加到梯度上（那样会被 Adam 的除法削弱）。</translation>
    </message>
</context>
<context>
    <name>VolumeDiagram</name>
    <message>
        <source>Input: {0}</source>
        <translation>输入：{0}</translation>
    </message>
    <message>
        <source>Custom layer: kept as imported, not editable here</source>
        <translation>自定义层：按导入时保留，不能在这里编辑</translation>
    </message>
    <message>
        <source>Expand block</source>
        <translation>展开该块</translation>
    </message>
    <message>
        <source>Collapse block</source>
        <translation>折叠该块</translation>
    </message>
    <message>
        <source>Expand all blocks</source>
        <translation>展开所有块</translation>
    </message>
    <message>
        <source>Collapse all blocks</source>
        <translation>折叠所有块</translation>
    </message>
    <message>
        <source>Click to collapse the block</source>
        <translation>单击折叠该块</translation>
    </message>
    <message>
        <source>{0} same blocks: {1} … {2}</source>
        <translation>{0} 个相同的块：{1} … {2}</translation>
    </message>
    <message>
        <source>Double-click or click + to show its layers</source>
        <translation>双击或单击 + 显示其内部各层</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>Normalisation &amp; regularisation</source>
        <translation>归一化与正则化</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Dense</source>
        <translation>全连接</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>模块</translation>
    </message>
    <message>
        <source>Conv2d</source>
        <translation>Conv2d</translation>
    </message>
    <message>
        <source>Slides K x K filters over the input; each filter makes one output channel (特征图).</source>
        <translation>让 K x K 的滤波器在输入上滑动；每个滤波器产生一个输出通道（特征图）。</translation>
    </message>
    <message>
        <source>H_out = floor((H + 2P - D*(K-1) - 1) / S) + 1   (ceil instead of floor with ceil_mode)</source>
        <translation>H_out = floor((H + 2P - D*(K-1) - 1) / S) + 1   （勾选“向上取整”时用 ceil 代替 floor）</translation>
    </message>
    <message>
        <source>params = C_out * (C_in/groups) * K_h * K_w + C_out</source>
        <translation>参数量 = C_out * (C_in/分组数) * K_h * K_w + C_out</translation>
    </message>
    <message>
        <source>Filters</source>
        <translation>滤波器个数</translation>
    </message>
    <message>
        <source>number of filters = output channels</source>
        <translation>滤波器个数 = 输出通道数</translation>
    </message>
    <message>
        <source>Kernel size</source>
        <translation>卷积核尺寸</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步长</translation>
    </message>
    <message>
        <source>S: how far the window moves each step</source>
        <translation>S：窗口每次移动的距离</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>P zeros around the input, or same/valid</source>
        <translation>在输入四周补 P 圈零，或选 same（保持尺寸）/ valid（不填充）</translation>
    </message>
    <message>
        <source>Dilation</source>
        <translation>扩张率（空洞）</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>分组数</translation>
    </message>
    <message>
        <source>groups = C_in gives a depthwise convolution</source>
        <translation>分组数 = C_in 时为逐通道卷积（depthwise）</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>add a learned constant per output</source>
        <translation>为每个输出加上一个可学习的常数</translation>
    </message>
    <message>
        <source>MaxPool2d</source>
        <translation>MaxPool2d</translation>
    </message>
    <message>
        <source>Keeps the largest value of each window (最大池化).</source>
        <translation>保留每个窗口中的最大值（最大池化）。</translation>
    </message>
    <message>
        <source>no parameters; channels unchanged</source>
        <translation>无参数；通道数不变</translation>
    </message>
    <message>
        <source>Ceil mode</source>
        <translation>向上取整（ceil_mode）</translation>
    </message>
    <message>
        <source>round the output size up instead of down</source>
        <translation>输出尺寸向上取整而不是向下取整</translation>
    </message>
    <message>
        <source>AvgPool2d</source>
        <translation>AvgPool2d</translation>
    </message>
    <message>
        <source>Averages each window (平均池化).</source>
        <translation>对每个窗口求平均（平均池化）。</translation>
    </message>
    <message>
        <source>Count padding</source>
        <translation>计入填充</translation>
    </message>
    <message>
        <source>divide by K*K even at borders</source>
        <translation>即使在边界处也除以 K*K</translation>
    </message>
    <message>
        <source>LPPool2d</source>
        <translation>LPPool2d</translation>
    </message>
    <message>
        <source>Lp norm of each window; p = 2 is L2 pooling.</source>
        <translation>取每个窗口的 Lp 范数；p = 2 即 L2 池化。</translation>
    </message>
    <message>
        <source>H_out = floor((H + 2P - D*(K-1) - 1) / S) + 1   (ceil instead of floor with ceil_mode) with P = 0</source>
        <translation>H_out = floor((H + 2P - D*(K-1) - 1) / S) + 1   （勾选“向上取整”时用 ceil 代替 floor），其中 P = 0</translation>
    </message>
    <message>
        <source>out = (sum of x^p)^(1/p)</source>
        <translation>输出 = (x^p 之和)^(1/p)</translation>
    </message>
    <message>
        <source>p (norm)</source>
        <translation>p（范数）</translation>
    </message>
    <message>
        <source>the norm&apos;s exponent</source>
        <translation>范数的指数</translation>
    </message>
    <message>
        <source>AdaptiveAvgPool2d</source>
        <translation>AdaptiveAvgPool2d</translation>
    </message>
    <message>
        <source>Averages into a fixed output size whatever the input size (global pooling with 1).</source>
        <translation>无论输入多大，都平均成固定的输出尺寸（取 1 即全局池化）。</translation>
    </message>
    <message>
        <source>H_out = output_size; windows from floor(i*H/out) to ceil((i+1)*H/out)</source>
        <translation>H_out = 输出尺寸；第 i 个窗口从 floor(i*H/H_out) 到 ceil((i+1)*H/H_out)</translation>
    </message>
    <message>
        <source>Output size</source>
        <translation>输出尺寸</translation>
    </message>
    <message>
        <source>the output&apos;s height and width</source>
        <translation>输出的高和宽</translation>
    </message>
    <message>
        <source>AdaptiveMaxPool2d</source>
        <translation>AdaptiveMaxPool2d</translation>
    </message>
    <message>
        <source>Max into a fixed output size.</source>
        <translation>取最大值，得到固定的输出尺寸。</translation>
    </message>
    <message>
        <source>H_out = output_size</source>
        <translation>H_out = 输出尺寸</translation>
    </message>
    <message>
        <source>BatchNorm</source>
        <translation>BatchNorm</translation>
    </message>
    <message>
        <source>Normalises each channel over the batch, then scales and shifts (批归一化).</source>
        <translation>在一个批次上对每个通道做归一化，然后缩放和平移（批归一化）。</translation>
    </message>
    <message>
        <source>y = γ (x - mean) / sqrt(var + eps) + β;  params = 2 * C</source>
        <translation>y = γ (x - mean) / sqrt(var + eps) + β；  参数量 = 2 * C</translation>
    </message>
    <message>
        <source>eps</source>
        <translation>eps</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>滑动平均动量</translation>
    </message>
    <message>
        <source>Learn γ and β</source>
        <translation>学习 γ 和 β</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Zeroes each value with probability p while training (随机失活).</source>
        <translation>训练时以概率 p 把每个值置零（随机失活）。</translation>
    </message>
    <message>
        <source>y = x * mask / (1 - p) while training; y = x when evaluating</source>
        <translation>训练时 y = x * 掩码 / (1 - p)；评估时 y = x</translation>
    </message>
    <message>
        <source>Drop probability</source>
        <translation>丢弃概率</translation>
    </message>
    <message>
        <source>probability of zeroing each value</source>
        <translation>每个值被置零的概率</translation>
    </message>
    <message>
        <source>Dropout2d</source>
        <translation>Dropout2d</translation>
    </message>
    <message>
        <source>Zeroes whole channels while training.</source>
        <translation>训练时把整个通道置零。</translation>
    </message>
    <message>
        <source>y = x * channel mask / (1 - p) while training</source>
        <translation>训练时 y = x * 通道掩码 / (1 - p)</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>max(0, x): the default choice.</source>
        <translation>max(0, x)：默认的选择。</translation>
    </message>
    <message>
        <source>y = max(0, x)</source>
        <translation>y = max(0, x)</translation>
    </message>
    <message>
        <source>LeakyReLU</source>
        <translation>LeakyReLU</translation>
    </message>
    <message>
        <source>Lets a small slope through for x &lt; 0.</source>
        <translation>在 x &lt; 0 时保留一个小斜率。</translation>
    </message>
    <message>
        <source>y = x if x &gt; 0 else slope * x</source>
        <translation>x &gt; 0 时 y = x，否则 y = 斜率 * x</translation>
    </message>
    <message>
        <source>Slope</source>
        <translation>斜率</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>Smooth for x &lt; 0.</source>
        <translation>在 x &lt; 0 时是平滑的。</translation>
    </message>
    <message>
        <source>y = x if x &gt; 0 else α (e^x - 1)</source>
        <translation>x &gt; 0 时 y = x，否则 y = α (e^x - 1)</translation>
    </message>
    <message>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>Smooth ReLU used in transformers.</source>
        <translation>平滑版的 ReLU，Transformer 模型中常用。</translation>
    </message>
    <message>
        <source>y = x Φ(x)</source>
        <translation>y = x Φ(x)</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Squashes into (0, 1); saturates.</source>
        <translation>压缩到 (0, 1) 区间；会饱和。</translation>
    </message>
    <message>
        <source>y = 1 / (1 + e^-x)</source>
        <translation>y = 1 / (1 + e^-x)</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>Squashes into (-1, 1); LeNet-5&apos;s activation.</source>
        <translation>压缩到 (-1, 1) 区间；LeNet-5 使用的激活函数。</translation>
    </message>
    <message>
        <source>y = tanh(x)</source>
        <translation>y = tanh(x)</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>Turns scores into probabilities. Training applies it inside the loss already.</source>
        <translation>把得分变成概率。训练时损失函数内部已经包含了它。</translation>
    </message>
    <message>
        <source>y_i = e^x_i / sum_j e^x_j</source>
        <translation>y_i = e^x_i / Σ_j e^x_j</translation>
    </message>
    <message>
        <source>Flatten</source>
        <translation>Flatten</translation>
    </message>
    <message>
        <source>Turns a C x H x W map into one vector for the dense layers.</source>
        <translation>把 C x H x W 的特征图展平成一个向量，供全连接层使用。</translation>
    </message>
    <message>
        <source>N = C * H * W</source>
        <translation>N = C * H * W</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>Linear</translation>
    </message>
    <message>
        <source>Fully connected layer (全连接层): every output sees every input.</source>
        <translation>全连接层：每个输出都与每个输入相连。</translation>
    </message>
    <message>
        <source>params = N_in * N_out + N_out</source>
        <translation>参数量 = N_in * N_out + N_out</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>神经元个数</translation>
    </message>
    <message>
        <source>Residual block</source>
        <translation>残差块</translation>
    </message>
    <message>
        <source>Adds the block&apos;s input to its output (ResNet); a 1x1 conv shortcut appears when the shape changes.</source>
        <translation>把模块的输入加到它的输出上（ResNet）；形状改变时会出现 1x1 卷积捷径。</translation>
    </message>
    <message>
        <source>y = F(x) + x   (or F(x) + BN(conv1x1(x)))</source>
        <translation>y = F(x) + x   （形状改变时为 F(x) + 批归一化(1x1 卷积(x))）</translation>
    </message>
    <message>
        <source>Concat block</source>
        <translation>拼接块</translation>
    </message>
    <message>
        <source>C_out = sum of the branches&apos; channels; H and W must agree</source>
        <translation>C_out = 各分支通道数之和；H 和 W 必须一致</translation>
    </message>
    <message>
        <source>Built in, offline: 1,797 handwritten digits 0-9 of 8x8 pixels (UCI, CC BY 4.0), resized to the input.</source>
        <translation>内置，无需联网：1,797 张 8x8 像素的手写数字 0-9（UCI，CC BY 4.0），缩放到输入尺寸。</translation>
    </message>
    <message>
        <source>MNIST: 70,000 handwritten digits 0-9, 28x28 grey (torchvision, from root).</source>
        <translation>MNIST：70,000 张手写数字 0-9，28x28 灰度（由 torchvision 从“文件夹”读取）。</translation>
    </message>
    <message>
        <source>Fashion-MNIST: 70,000 clothing pictures in 10 classes, 28x28 grey (torchvision, from root).</source>
        <translation>Fashion-MNIST：10 类共 70,000 张服饰图片，28x28 灰度（由 torchvision 从“文件夹”读取）。</translation>
    </message>
    <message>
        <source>KMNIST: 70,000 cursive Japanese characters in 10 classes, 28x28 grey (torchvision, from root).</source>
        <translation>KMNIST：10 类共 70,000 个日文草书假名，28x28 灰度（由 torchvision 从“文件夹”读取）。</translation>
    </message>
    <message>
        <source>CIFAR-10: 60,000 photos in 10 classes (plane, car, bird...), 32x32 colour (torchvision, from root).</source>
        <translation>CIFAR-10：10 类共 60,000 张照片（飞机、汽车、鸟……），32x32 彩色（由 torchvision 从“文件夹”读取）。</translation>
    </message>
    <message>
        <source>CIFAR-100: 60,000 photos in 100 classes, 32x32 colour (torchvision, from root).</source>
        <translation>CIFAR-100：100 类共 60,000 张照片，32x32 彩色（由 torchvision 从“文件夹”读取）。</translation>
    </message>
    <message>
        <source>SVHN: 99,289 house-number digits from street photos, 32x32 colour (torchvision, from root; needs scipy).</source>
        <translation>SVHN：99,289 个来自街景照片的门牌号数字，32x32 彩色（由 torchvision 从“文件夹”读取；需要 scipy）。</translation>
    </message>
    <message>
        <source>Your own pictures: a root folder with one subfolder per class, resized to the input.</source>
        <translation>你自己的图片：一个根文件夹，每个类别一个子文件夹，缩放到输入尺寸。</translation>
    </message>
    <message>
        <source>Shapes CNN</source>
        <translation>形状 CNN</translation>
    </message>
    <message>
        <source>A small CNN on the built-in shapes set, with max and average pooling.</source>
        <translation>在内置形状数据集上的小型 CNN，包含最大池化和平均池化。</translation>
    </message>
    <message>
        <source>LeNet-5</source>
        <translation>LeNet-5</translation>
    </message>
    <message>
        <source>LeCun 1998: two conv + average-pool stages, three dense layers.</source>
        <translation>LeCun 1998：两个“卷积 + 平均池化”阶段，三个全连接层。</translation>
    </message>
    <message>
        <source>Tiny VGG</source>
        <translation>小型 VGG</translation>
    </message>
    <message>
        <source>CNN Explainer&apos;s net on 64x64 shapes: unpadded 3x3 convs shrink every map by two pixels.</source>
        <translation>CNN Explainer 中的网络，输入 64x64 形状图：不填充的 3x3 卷积让每张特征图缩小两个像素。</translation>
    </message>
    <message>
        <source>cs231n layer pattern</source>
        <translation>cs231n 层模式</translation>
    </message>
    <message>
        <source>INPUT -&gt; [[CONV -&gt; RELU]*N -&gt; POOL?]*M -&gt; [FC -&gt; RELU]*K -&gt; FC with N=2, M=3, K=2: change the numbers to see depth, pooling and the dense head trade parameters.</source>
        <translation>INPUT -&gt; [[CONV -&gt; RELU]*N -&gt; POOL?]*M -&gt; [FC -&gt; RELU]*K -&gt; FC，其中 N=2, M=3, K=2：改变这些数字，看看深度、池化和全连接头如何此消彼长地分配参数。</translation>
    </message>
    <message>
        <source>ZFNet</source>
        <translation>ZFNet</translation>
    </message>
    <message>
        <source>AlexNet with a 7x7 stride-2 first layer (Zeiler &amp; Fergus 2013): smaller strides keep finer detail in the first feature maps.</source>
        <translation>第一层改为 7x7、步长 2 的 AlexNet（Zeiler &amp; Fergus 2013）：更小的步长让第一层特征图保留更多细节。</translation>
    </message>
    <message>
        <source>VGG-11</source>
        <translation>VGG-11</translation>
    </message>
    <message>
        <source>Only 3x3 convs and 2x2 pools: two stacked 3x3s see as far as one 5x5 with fewer weights.</source>
        <translation>只用 3x3 卷积和 2x2 池化：两个叠加的 3x3 卷积与一个 5x5 卷积的感受野相同，但权重更少。</translation>
    </message>
    <message>
        <source>VGG-16</source>
        <translation>VGG-16</translation>
    </message>
    <message>
        <source>Deeper VGG, 138M parameters: depth from uniform blocks, and a dense head that outweighs the convs.</source>
        <translation>更深的 VGG，1.38 亿参数：由统一的模块堆出深度，全连接头的参数比卷积层还多。</translation>
    </message>
    <message>
        <source>ResNet-18</source>
        <translation>ResNet-18</translation>
    </message>
    <message>
        <source>Residual blocks add their input back, so gradients reach early layers; 1x1 projections where the size changes, BatchNorm after every conv.</source>
        <translation>残差块把输入加回输出，使梯度能传到靠前的层；尺寸变化处用 1x1 投影，每个卷积后都接批归一化。</translation>
    </message>
    <message>
        <source>MobileNet v1</source>
        <translation>MobileNet v1</translation>
    </message>
    <message>
        <source>Depthwise (groups = channels) then pointwise 1x1 convs: 4.2M parameters and a fraction of the multiply-adds of plain convs.</source>
        <translation>先逐通道卷积（分组数 = 通道数），再逐点 1x1 卷积：420 万参数，乘加次数只有普通卷积的一小部分。</translation>
    </message>
    <message>
        <source>move this layer before the flatten layer, or use a layer for flat vectors here.</source>
        <translation>把这一层移到展平层之前，或在这里改用适用于向量的层。</translation>
    </message>
    <message>
        <source>params = 0 (affine=false: no scale or shift)</source>
        <translation>参数量 = 0（affine=false：没有缩放和平移）</translation>
    </message>
    <message>
        <source>On a flat vector this is built as BatchNorm1d.</source>
        <translation>作用于向量时，它被构建为 BatchNorm1d。</translation>
    </message>
    <message>
        <source>use dropout (not dropout2d) after flatten.</source>
        <translation>在展平层之后使用 dropout（而不是 dropout2d）。</translation>
    </message>
    <message>
        <source>output = input (applied to each value)</source>
        <translation>输出 = 输入（逐元素作用）</translation>
    </message>
    <message>
        <source>The last layer is softmax, but training uses cross-entropy on logits, which applies softmax itself: softmax would be applied twice. Remove the final softmax.</source>
        <translation>最后一层是 softmax，但训练使用的交叉熵损失作用于未归一化的得分，其内部已经包含 softmax：softmax 会被执行两次。请删除最后的 softmax。</translation>
    </message>
    <message>
        <source>keep flatten outside the residual block (put it after the block).</source>
        <translation>把展平层放在残差块之外（放在该模块之后）。</translation>
    </message>
    <message>
        <source>make the block keep the size (padding = kernel_size // 2, stride 1) or halve it exactly (stride 2 in the first conv, padding = kernel_size // 2).</source>
        <translation>让模块保持尺寸不变（填充 = 卷积核尺寸 // 2，步长 1），或恰好减半（第一个卷积步长为 2，填充 = 卷积核尺寸 // 2）。</translation>
    </message>
    <message>
        <source>give every branch the same overall stride, with padding = kernel_size // 2 for odd kernels (or padding=&apos;same&apos;).</source>
        <translation>让每个分支的总步长相同，奇数卷积核使用填充 = 卷积核尺寸 // 2（或填充 &apos;same&apos;）。</translation>
    </message>
    <message>
        <source>some branches give feature maps and others flat vectors, which cannot be joined.</source>
        <translation>有的分支输出特征图，有的输出向量，二者无法拼接。</translation>
    </message>
    <message>
        <source>flatten in every branch, or in none (put flatten after the block).</source>
        <translation>要么每个分支都展平，要么都不展平（把展平层放在模块之后）。</translation>
    </message>
    <message>
        <source>max_stride must be &gt;= 1 and max_padding &gt;= 0</source>
        <translation>最大步长必须 &gt;= 1，最大填充必须 &gt;= 0</translation>
    </message>
    <message>
        <source>no valid layer fits this number range; widen the sizes or allow smaller kernels</source>
        <translation>在这个数值范围内找不到有效的层；请放宽尺寸范围或允许更小的卷积核</translation>
    </message>
    <message>
        <source>could not build a question in this number range; widen the sizes</source>
        <translation>无法在这个数值范围内出题；请放宽尺寸范围</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>pooling window</source>
        <translation>池化窗口</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>通道</translation>
    </message>
    <message>
        <source>feature</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>padded </source>
        <translation>填充后</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>concat</source>
        <translation>拼接</translation>
    </message>
    <message>
        <source>{type} works on feature maps (C x H x W) but receives a flat vector of {n} values.</source>
        <translation>{type} 作用于特征图（C x H x W），但接收到的是含 {n} 个值的向量。</translation>
    </message>
    <message>
        <source>The {what} of size {kernel} does not fit in the input&apos;s {dim} of {size}.</source>
        <translation>尺寸为 {kernel} 的{what}放不进{dim}为 {size} 的输入。</translation>
    </message>
    <message>
        <source>The {what} of size {kernel} does not fit in the input&apos;s {dim} of {size} (with padding {pad}: {seen}).</source>
        <translation>尺寸为 {kernel} 的{what}放不进{dim}为 {size} 的输入（填充 {pad} 后为 {seen}）。</translation>
    </message>
    <message>
        <source>{kernel} (dilated to {span})</source>
        <translation>{kernel}（扩张后为 {span}）</translation>
    </message>
    <message>
        <source>set kernel_size to at most {largest}, use an adaptive pooling layer, or remove a downsampling layer before this one.</source>
        <translation>把窗口尺寸（kernel_size）设为不超过 {largest}，改用自适应池化层，或删除此层之前的某个下采样层。</translation>
    </message>
    <message>
        <source>set padding to at least {pad}, or kernel_size to at most {largest}.</source>
        <translation>把填充（padding）设为至少 {pad}，或把卷积核尺寸（kernel_size）设为不超过 {largest}。</translation>
    </message>
    <message>
        <source>set stride to 1, or set padding to {pad} (half the kernel) to keep the stride.</source>
        <translation>把步长（stride）设为 1；或者保留步长，把填充（padding）设为 {pad}（卷积核的一半）。</translation>
    </message>
    <message>
        <source>groups={groups} must divide both channel counts, but the input has {channels} channels and out_channels is {out}.</source>
        <translation>分组数（groups）= {groups} 必须同时整除输入和输出通道数，但输入有 {channels} 个通道，滤波器个数（out_channels）为 {out}。</translation>
    </message>
    <message>
        <source>set groups to one of {choices}.</source>
        <translation>把分组数（groups）设为 {choices} 之一。</translation>
    </message>
    <message>
        <source>Pool padding must be at most half the kernel: padding {pad} is more than {kernel}//2 = {half} ({axis}), so a window could hold nothing but padding.</source>
        <translation>池化的填充最多为窗口尺寸的一半：填充 {pad} 大于 {kernel}//2 = {half}（{axis}），这样某个窗口可能只包含填充。</translation>
    </message>
    <message>
        <source>set padding to at most {half}, or kernel_size to at least {kernel}.</source>
        <translation>把填充（padding）设为不超过 {half}，或把窗口尺寸（kernel_size）设为至少 {kernel}。</translation>
    </message>
    <message>
        <source>dropout2d drops whole channels of a feature map, but receives a flat vector of {n} values.</source>
        <translation>dropout2d 丢弃特征图的整个通道，但接收到的是含 {n} 个值的向量。</translation>
    </message>
    <message>
        <source>linear needs a flat vector but receives a {shape} feature map.</source>
        <translation>全连接层（linear）需要向量输入，但接收到的是 {shape} 的特征图。</translation>
    </message>
    <message>
        <source>insert a flatten layer before linear (it gives {n} values).</source>
        <translation>在全连接层之前插入展平层（它输出 {n} 个值）。</translation>
    </message>
    <message>
        <source>{axis}: {fit} is not an integer, so the last {left} {unit} of the {padded}input {verb} never covered by the window.</source>
        <translation>{axis}：{fit} 不是整数，所以{padded}输入的最后 {left} {unit}始终不会被窗口覆盖。</translation>
    </message>
    <message>
        <source>{axis}: {n} is not a multiple of {m}, so the windows have uneven sizes and overlap.</source>
        <translation>{axis}：{n} 不是 {m} 的倍数，所以各窗口大小不一并且相互重叠。</translation>
    </message>
    <message>
        <source>{axis} = {size} (padding=&apos;same&apos; adds {total} zero {unit}: {before} before, {after} after)</source>
        <translation>{axis} = {size}（填充 &apos;same&apos; 补 {total} {unit}零：前 {before}，后 {after}）</translation>
    </message>
    <message>
        <source>{formula} - 1 (the last window would start in the padding) = {out}</source>
        <translation>{formula} - 1（最后一个窗口会从填充区开始）= {out}</translation>
    </message>
    <message>
        <source>C = {channels} (pooling keeps the channels)</source>
        <translation>C = {channels}（池化不改变通道数）</translation>
    </message>
    <message>
        <source>{axis} = output_size = {m} (windows of up to {widest} {unit} over {n})</source>
        <translation>{axis} = 输出尺寸 = {m}（在 {n} 上使用最多 {widest} {unit}的窗口）</translation>
    </message>
    <message>
        <source>params = 2*{n} = {params} (a scale γ and a shift β per {what})</source>
        <translation>参数量 = 2*{n} = {params}（每个{what}一个缩放 γ 和一个平移 β）</translation>
    </message>
    <message>
        <source>output = input (drops each value with p = {p} while training)</source>
        <translation>输出 = 输入（训练时以 p = {p} 丢弃每个值）</translation>
    </message>
    <message>
        <source>N = {n} (already flat)</source>
        <translation>N = {n}（已经是向量）</translation>
    </message>
    <message>
        <source>{size}, jump {jump}</source>
        <translation>{size}，跳距 {jump}</translation>
    </message>
    <message>
        <source>weight shape [C_in, C_out/groups, K_h, K_w] = {shape}</source>
        <translation>权重形状 [C_in, C_out/分组数, K_h, K_w] = {shape}</translation>
    </message>
    <message>
        <source>The network ends in a {shape} feature map; a classifier ends in a flat vector (add flatten and linear, or an adaptive pooling to 1x1 then flatten).</source>
        <translation>网络以 {shape} 的特征图结尾；分类器应以向量结尾（添加展平层和全连接层，或先用自适应池化到 1x1 再展平）。</translation>
    </message>
    <message>
        <source>{where} of this {block} block ({type}) cannot work: {error}</source>
        <translation>此{block}块的{where}（{type}）无法工作：{error}</translation>
    </message>
    <message>
        <source>branch {branch}, layer {layer}</source>
        <translation>分支 {branch} 的第 {layer} 层</translation>
    </message>
    <message>
        <source>layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <source>{error} Fix: {fix}</source>
        <translation>{error} 修正：{fix}</translation>
    </message>
    <message>
        <source>output = layers(x) + x: {shape} (identity shortcut)</source>
        <translation>输出 = 各层(x) + x：{shape}（恒等捷径）</translation>
    </message>
    <message>
        <source>1x1 conv {c_in}-&gt;{c_out}, stride {stride}, no bias + batchnorm</source>
        <translation>1x1 卷积 {c_in}-&gt;{c_out}，步长 {stride}，无偏置 + 批归一化</translation>
    </message>
    <message>
        <source>shortcut = {shortcut}: params = {params}</source>
        <translation>捷径 = {shortcut}：参数量 = {params}</translation>
    </message>
    <message>
        <source>params = {inner} (layers) + {projection} (shortcut) = {total}</source>
        <translation>参数量 = {inner}（各层）+ {projection}（捷径）= {total}</translation>
    </message>
    <message>
        <source>the block&apos;s layers turn {n} values into {m}, but a residual block adds its input to its output, so both must have the same length.</source>
        <translation>模块中的层把 {n} 个值变成了 {m} 个，但残差块要把输入加到输出上，所以二者长度必须相同。</translation>
    </message>
    <message>
        <source>make the block&apos;s last linear layer give {n} values.</source>
        <translation>让模块最后一个全连接层输出 {n} 个值。</translation>
    </message>
    <message>
        <source>the block&apos;s layers turn a {shape} input into {out}; a residual block can only add a shortcut between feature maps or between vectors of the same length.</source>
        <translation>模块中的层把 {shape} 的输入变成了 {out}；残差块只能在特征图之间或等长向量之间加捷径。</translation>
    </message>
    <message>
        <source>the block&apos;s layers turn the {dim} {n} into {m}, which no strided 1x1 shortcut can match (a 1x1 conv with stride s gives floor((n-1)/s)+1).</source>
        <translation>模块中的层把{dim} {n} 变成了 {m}，任何带步长的 1x1 捷径都无法与之匹配（步长为 s 的 1x1 卷积输出 floor((n-1)/s)+1）。</translation>
    </message>
    <message>
        <source>{what} = {sizes} = {total} (branches joined along channels)</source>
        <translation>{what} = {sizes} = {total}（各分支沿通道拼接）</translation>
    </message>
    <message>
        <source>branch {b} gives {hw} maps but branch 0 gives {hw0}; maps can only be joined along channels when their height and width agree.</source>
        <translation>分支 {b} 输出 {hw} 的特征图，而分支 0 输出 {hw0}；只有高和宽一致时，特征图才能沿通道拼接。</translation>
    </message>
    <message>
        <source>An input of {shape} (C x H x W) goes through {layer}. What is the output&apos;s C x H x W, and how many parameters does the layer have?</source>
        <translation>一个 {shape}（C x H x W）的输入经过 {layer}。输出的 C x H x W 是多少？该层有多少参数？</translation>
    </message>
    <message>
        <source>Input {shape}. Which layer is the first one that cannot work, and why?</source>
        <translation>输入为 {shape}。哪一层是第一个无法工作的层？为什么？</translation>
    </message>
    <message>
        <source>dilation {d} spreads the {f}-wide kernel over F = {d2}*({f2}-1)+1 = {span} pixels</source>
        <translation>扩张率 {d} 把宽 {f} 的卷积核铺开到 F = {d2}*({f2}-1)+1 = {span} 个像素</translation>
    </message>
    <message>
        <source>{top}/{s} is not a whole number: round down, the last {left} pixel(s) are never covered</source>
        <translation>{top}/{s} 不是整数：向下取整，最后 {left} 个像素始终不会被覆盖</translation>
    </message>
    <message>
        <source>Correct: {shape}, {params} parameters.</source>
        <translation>正确：{shape}，{params} 个参数。</translation>
    </message>
    <message>
        <source>Not quite: {parts}.</source>
        <translation>不完全对：{parts}。</translation>
    </message>
    <message>
        <source>{first}; {second}</source>
        <translation>{first}；{second}</translation>
    </message>
    <message>
        <source>the output is {answer}, not {given}</source>
        <translation>输出是 {answer}，不是 {given}</translation>
    </message>
    <message>
        <source>the layer has {params} parameters, not {given}</source>
        <translation>该层有 {params} 个参数，不是 {given}</translation>
    </message>
    <message>
        <source>{index}: {layer} cannot work: {reason}</source>
        <translation>{index}：{layer} 无法工作：{reason}</translation>
    </message>
    <message>
        <source>Fix: {fix}</source>
        <translation>修正：{fix}</translation>
    </message>
    <message>
        <source>Correct: layer {index}. {reason}</source>
        <translation>正确：第 {index} 层。{reason}</translation>
    </message>
    <message>
        <source>Layer {index} works. Follow the sizes further down.</source>
        <translation>第 {index} 层可以工作。请继续往下推算尺寸。</translation>
    </message>
    <message>
        <source>An earlier layer already fails; layer {index} never receives an input.</source>
        <translation>更早的一层已经出错；第 {index} 层根本收不到输入。</translation>
    </message>
    <message>
        <source>{n} units</source>
        <translation>{n} 个神经元</translation>
    </message>
    <message>
        <source>K: the kernel&apos;s height and width</source>
        <translation>K：卷积核的高和宽</translation>
    </message>
    <message>
        <source>D: D-1 pixels between kernel taps (cs231n, text 002, calls this dilation D-1)</source>
        <translation>D：卷积核相邻元素之间空 D-1 个像素（课程文本 002 即 cs231n 把它叫作“扩张 D-1”）</translation>
    </message>
    <message>
        <source>Window size</source>
        <translation>窗口尺寸</translation>
    </message>
    <message>
        <source>K (kernel_size): the pooling window&apos;s height and width</source>
        <translation>K：池化窗口（kernel_size）的高和宽</translation>
    </message>
    <message>
        <source>S: how far the window moves; default = the window size</source>
        <translation>S：窗口每次移动的距离；默认等于窗口尺寸</translation>
    </message>
    <message>
        <source>P: at most half the window</source>
        <translation>P：最多为窗口尺寸的一半</translation>
    </message>
    <message>
        <source>D: D-1 pixels between window taps</source>
        <translation>D：窗口相邻元素之间空 D-1 个像素</translation>
    </message>
    <message>
        <source>text 004: y = x * mask while training; y = (1 - p) * x when evaluating (the same expected output)</source>
        <translation>课程文本 004 的写法：训练时 y = x * 掩码；评估时 y = (1 - p) * x（两种写法的期望输出相同）</translation>
    </message>
    <message>
        <source>N: CONV -&gt; RELU pairs per stage</source>
        <translation>N：每个阶段中 CONV -&gt; RELU 的对数</translation>
    </message>
    <message>
        <source>M: stages, each N conv pairs then an optional pool</source>
        <translation>M：阶段数，每个阶段先有 N 对卷积，再可选一个池化</translation>
    </message>
    <message>
        <source>K: hidden FC -&gt; RELU layers before the output layer</source>
        <translation>K：输出层之前隐藏的 FC -&gt; RELU 层数</translation>
    </message>
    <message>
        <source>filters of the first stage&apos;s convs (doubled after each pool)</source>
        <translation>第一阶段卷积的滤波器个数（每经过一次池化翻倍）</translation>
    </message>
    <message>
        <source>neurons of each hidden FC layer</source>
        <translation>每个隐藏全连接层的神经元个数</translation>
    </message>
    <message>
        <source>end each stage with a 2x2 max pool (the POOL? of the pattern)</source>
        <translation>每个阶段以 2x2 最大池化结束（即模式中的 POOL?）</translation>
    </message>
    <message>
        <source>Input channels</source>
        <translation>输入通道数</translation>
    </message>
    <message>
        <source>1 for grey pictures, 3 for colour</source>
        <translation>灰度图为 1，彩色图为 3</translation>
    </message>
    <message>
        <source>height and width of the input pictures</source>
        <translation>输入图像的高和宽</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>output classes (the built-in shapes set has up to 10)</source>
        <translation>输出的类别数（内置形状数据集最多 10 类）</translation>
    </message>
    <message>
        <source>H = W</source>
        <translation>H = W</translation>
    </message>
    <message>
        <source>H_out = (H_in - 1)*S - 2P + D*(K - 1) + output_padding + 1</source>
        <translation>H_out = (H_in - 1)*S - 2P + D*(K - 1) + output_padding + 1</translation>
    </message>
    <message>
        <source>[C_in, C_out/groups, K_h, K_w]</source>
        <translation>[C_in, C_out/分组数, K_h, K_w]</translation>
    </message>
    <message>
        <source>padding=&apos;same&apos; needs stride 1: PyTorch refuses it for a strided convolution, because no padding keeps the input&apos;s size when the window moves more than one pixel.</source>
        <translation>填充 &apos;same&apos; 要求步长为 1：PyTorch 不允许带步长的卷积使用它，因为窗口每次移动超过一个像素时，任何填充都无法保持输入的尺寸。</translation>
    </message>
    <message>
        <source>The 2012 ImageNet winner as torchvision has it (64 first filters, one GPU): large strided first filters, ReLU and dropout; nearly all of its 61M parameters sit in the dense layers.</source>
        <translation>2012 年 ImageNet 冠军的 torchvision 版本（第一层 64 个滤波器，单 GPU）：第一层是大步长的大滤波器，使用 ReLU 和 Dropout；6100 万参数几乎全在全连接层中。</translation>
    </message>
    <message>
        <source>AlexNet (2012 paper)</source>
        <translation>AlexNet（2012 年论文版）</translation>
    </message>
    <message>
        <source>Krizhevsky et al. 2012 as the paper draws it: 227x227x3 in, 96 first filters of 11x11 at stride 4 (55x55x96, 34,944 parameters), layers 2, 4 and 5 split over two GPUs (groups = 2); 60,965,224 parameters, the paper&apos;s &quot;60 million&quot;.</source>
        <translation>按 Krizhevsky 等人 2012 年论文的结构：输入 227x227x3，第一层 96 个 11x11 的滤波器、步长 4（输出 55x55x96，参数量 34,944），第 2、4、5 层分在两块 GPU 上（分组数 = 2）；参数量 60,965,224，即论文所说的“6000 万”。</translation>
    </message>
    <message>
        <source>torchvision&apos;s version: Inception blocks run 1x1, 3x3 and pooling branches side by side and join them (its &quot;5x5&quot; branch is a 3x3), BatchNorm after each conv; 1x1 convs keep it at 6.6M parameters, a ninth of AlexNet&apos;s.</source>
        <translation>torchvision 版本：Inception 模块并行运行 1x1、3x3 和池化分支并把结果拼接（它的“5x5”分支实际是 3x3），每个卷积后接批归一化；1x1 卷积让参数量保持在 660 万，只有 AlexNet 的九分之一。</translation>
    </message>
    <message>
        <source>GoogLeNet (2014 paper)</source>
        <translation>GoogLeNet（2014 年论文版）</translation>
    </message>
    <message>
        <source>Szegedy et al. 2014, Table 1: Inception modules with 1x1, 3x3, 5x5 and pooling branches, 1x1 reductions before the 3x3 and 5x5 convs, no BatchNorm; 7.0M parameters.</source>
        <translation>按 Szegedy 等人 2014 年论文的表 1：Inception 模块含 1x1、3x3、5x5 和池化四个分支，3x3 和 5x5 卷积之前先用 1x1 卷积降维，没有批归一化；参数量 700 万。</translation>
    </message>
    <message>
        <source>Apple GPU</source>
        <translation>苹果 GPU</translation>
    </message>
    <message>
        <source>C = out_channels = {n}</source>
        <translation>C = 滤波器个数 = {n}</translation>
    </message>
    <message>
        <source>N = out_features = {n}</source>
        <translation>N = 神经元个数 = {n}</translation>
    </message>
    <message>
        <source>params = {formula}</source>
        <translation>参数量 = {formula}</translation>
    </message>
    <message>
        <source>output = layers(x) + shortcut(x): {shape}</source>
        <translation>输出 = 各层(x) + 捷径(x)：{shape}</translation>
    </message>
    <message>
        <source>slope {slope}</source>
        <translation>斜率 {slope}</translation>
    </message>
    <message>
        <source>{n} layers</source>
        <translation>{n} 层</translation>
    </message>
    <message>
        <source>{n} branches</source>
        <translation>{n} 个分支</translation>
    </message>
    <message>
        <source>{formula} (text 000&apos;s form ceil((n - k + 1) / s) gives the same size)</source>
        <translation>{formula}（课程文本 000 的写法 ceil((n - k + 1) / s) 得到相同的尺寸）</translation>
    </message>
    <message>
        <source>dilation {d} leaves {gaps} pixel(s) between taps: cs231n (text 002) calls this dilation {course}; the kernel spans {span}</source>
        <translation>扩张率 {d}：卷积核相邻元素之间空 {gaps} 个像素，课程文本 002（cs231n）把它叫作“扩张{course}”；卷积核覆盖 {span}</translation>
    </message>
    <message>
        <source>dilation {d} along {axis} leaves {gaps} pixel(s) between taps: cs231n (text 002) calls this dilation {course}; the kernel spans {span}</source>
        <translation>{axis} 方向扩张率 {d}：卷积核相邻元素之间空 {gaps} 个像素，课程文本 002（cs231n）把它叫作“扩张{course}”；卷积核覆盖 {span}</translation>
    </message>
    <message>
        <source>{n} pixels</source>
        <translation>{n} 个像素</translation>
    </message>
    <message>
        <source>training (torch, inverted dropout): y = x*m/(1-p) with m = 1 for a kept value (chance {keep}), so E[y] = {expected}; testing: y = x</source>
        <translation>训练时（torch 的倒置 dropout）：y = x*m/(1-p)，保留的值 m = 1（概率 {keep}），所以 E[y] = {expected}；测试时 y = x</translation>
    </message>
    <message>
        <source>text 004&apos;s form: training y = x*m, so E[y] = {expected}; testing scales the weights by 1-p = {keep}, so y = {tested}: the same expected output</source>
        <translation>课程文本 004 的写法：训练时 y = x*m，所以 E[y] = {expected}；测试时把权重乘以 1-p = {keep}，所以 y = {tested}：期望输出相同</translation>
    </message>
    <message>
        <source>set stride to 1, or set padding to {pad} (half the kernel) to keep the stride: the output is then ceil(n / s) = {out}, text 000&apos;s size with padding.</source>
        <translation>把步长（stride）设为 1；或者保留步长，把填充（padding）设为 {pad}（卷积核的一半）：输出尺寸即为 ceil(n / s) = {out}，也就是课程文本 000 中有填充时的尺寸。</translation>
    </message>
    <message>
        <source>cs231n pattern N={n} M={m} K={k}</source>
        <translation>cs231n 层模式 N={n} M={m} K={k}</translation>
    </message>
    <message>
        <source>CPU ({n} cores)</source>
        <translation>CPU（{n} 核）</translation>
    </message>
    <message>
        <source>cpu ({n} threads)</source>
        <translation>CPU（{n} 个线程）</translation>
    </message>
    <message>
        <source>cpu ({n} thread)</source>
        <translation>CPU（{n} 个线程）</translation>
    </message>
    <message>
        <source>out[{cell}] = {formula}</source>
        <translation>输出[{cell}] = {formula}</translation>
    </message>
    <message>
        <source>{terms}({n} more){rest}</source>
        <translation>{terms}（另外 {n} 项）{rest}</translation>
    </message>
    <message>
        <source>layers[{0}]</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source>{0}.layers[{1}]</source>
        <translation>{0} › 第 {1} 层</translation>
    </message>
    <message>
        <source>{0}.branches[{1}][{2}]</source>
        <translation>{0} › 分支 {1} › 第 {2} 层</translation>
    </message>
    <message>
        <source>{0} ({1}): {2}</source>
        <translation>{0}（{1}）：{2}</translation>
    </message>
    <message>
        <source>SVHN needs scipy to read its .mat files: pip install scipy</source>
        <translation>读取 SVHN 的 .mat 文件需要 scipy：请运行 pip install scipy</translation>
    </message>
    <message>
        <source>training.nesterov: needs a momentum above 0</source>
        <translation>Nesterov 需要大于 0 的动量：请把“动量”设为大于 0，或取消勾选 Nesterov</translation>
    </message>
    <message>
        <source>training.penalty_layers: must list at least one layer index when penalty_scope is &apos;layers&apos;</source>
        <translation>正则化范围为“所选的层”时，必须至少列出一个层的序号（penalty_layers）</translation>
    </message>
    <message>
        <source>dataset.root: required for the folder dataset (one subfolder per class, e.g. root/cat/001.png and root/dog/001.jpg)</source>
        <translation>文件夹数据集需要设置“文件夹”：每个类别一个子文件夹，例如 文件夹/cat/001.png 和 文件夹/dog/001.jpg</translation>
    </message>
    <message>
        <source>shapes</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>手写数字</translation>
    </message>
    <message>
        <source>mnist</source>
        <translation>MNIST</translation>
    </message>
    <message>
        <source>fashion_mnist</source>
        <translation>Fashion-MNIST</translation>
    </message>
    <message>
        <source>kmnist</source>
        <translation>KMNIST</translation>
    </message>
    <message>
        <source>cifar10</source>
        <translation>CIFAR-10</translation>
    </message>
    <message>
        <source>cifar100</source>
        <translation>CIFAR-100</translation>
    </message>
    <message>
        <source>svhn</source>
        <translation>SVHN</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>the {name} images ({size} MB) do not fit in the memory of {device}: set a smaller dataset.limit, a smaller input, or device cpu</source>
        <translation>数据集“{name}”的图像（{size} MB）放不进 {device} 的内存：请把“最多使用”设小一些、缩小输入尺寸，或把设备设为 CPU</translation>
    </message>
    <message>
        <source>{name}: {count} images leave none for training; add images or lower the fractions</source>
        <translation>{name}：{count} 张图像划分后没有留给训练的图像；请增加图像，或降低验证集和测试集比例</translation>
    </message>
    <message>
        <source>{name}: {count} images at {shape} need {needed} GB of memory (at most {most} GB); set limit and eval_limit, or use a smaller input</source>
        <translation>{name}：{count} 张 {shape} 的图像需要 {needed} GB 内存（最多 {most} GB）；请设置“最多使用”，或缩小输入尺寸</translation>
    </message>
    <message>
        <source>dataset.val_fraction + dataset.test_fraction: must be at most 0.9, got {total}</source>
        <translation>验证集比例 + 测试集比例最多为 0.9，现在是 {total}</translation>
    </message>
    <message>
        <source>{title} not found in {root}: expected {files}. Set download: true, or copy the files there.</source>
        <translation>在 {root} 中找不到 {title}：需要这些文件：{files}。请勾选“缺失时下载”，或把文件复制到该文件夹。</translation>
    </message>
    <message>
        <source>{title} not found in {root}: expected {files} and {last}. Set download: true, or copy the files there.</source>
        <translation>在 {root} 中找不到 {title}：需要这些文件：{files} 和 {last}。请勾选“缺失时下载”，或把文件复制到该文件夹。</translation>
    </message>
    <message>
        <source>{title} could not be downloaded to {root} ({reason}): expected {files}. Copy the files there from a machine that has them.</source>
        <translation>{title} 无法下载到 {root}（{reason}）：需要这些文件：{files}。请从有这些文件的电脑上把它们复制过来。</translation>
    </message>
    <message>
        <source>{title} could not be downloaded to {root} ({reason}): expected {files} and {last}. Copy the files there from a machine that has them.</source>
        <translation>{title} 无法下载到 {root}（{reason}）：需要这些文件：{files} 和 {last}。请从有这些文件的电脑上把它们复制过来。</translation>
    </message>
    <message>
        <source>{title} in {root} could not be read ({reason}); the files may be incomplete or corrupted: delete them and set download: true, or copy fresh ones there.</source>
        <translation>无法读取 {root} 中的 {title}（{reason}）；文件可能不完整或已损坏：请删除它们并勾选“缺失时下载”，或复制一份完好的文件过来。</translation>
    </message>
    <message>
        <source>folder dataset: {root} is not a folder; expected one subfolder per class, e.g. {a}/cat/001.png and {b}/dog/001.jpg</source>
        <translation>文件夹数据集：{root} 不是文件夹；需要每个类别一个子文件夹，例如 {a}/cat/001.png 和 {b}/dog/001.jpg</translation>
    </message>
    <message>
        <source>folder dataset: no pictures in {root} ({reason}); expected one subfolder per class, e.g. {a}/cat/001.png and {b}/dog/001.jpg</source>
        <translation>文件夹数据集：{root} 中没有图片（{reason}）；需要每个类别一个子文件夹，例如 {a}/cat/001.png 和 {b}/dog/001.jpg</translation>
    </message>
    <message>
        <source>folder dataset: cannot read the picture {path} ({reason})</source>
        <translation>文件夹数据集：无法读取图片 {path}（{reason}）</translation>
    </message>
    <message>
        <source>digits: cannot read the built-in file {path} ({reason}); reinstall CNN Studio</source>
        <translation>手写数字：无法读取内置文件 {path}（{reason}）；请重新安装 CNN Studio</translation>
    </message>
    <message>
        <source>training.momentum: only applies to sgd and rmsprop, not {optimizer}</source>
        <translation>“动量”只适用于 SGD 和 RMSprop 优化器：请把动量设为 0，或换用这两种优化器之一</translation>
    </message>
    <message>
        <source>training.nesterov: only applies to the sgd optimizer, not {optimizer}</source>
        <translation>Nesterov 只适用于 SGD 优化器：请取消勾选 Nesterov，或换用 SGD</translation>
    </message>
    <message>
        <source>training.penalty_layers: there is no layer {index} (the network has layers 0 to {last})</source>
        <translation>正则化的层（penalty_layers）中没有第 {index} 层（网络只有第 0 到第 {last} 层）</translation>
    </message>
    <message>
        <source>the network has no layers: drag layers from the palette onto the network on the Design page.</source>
        <translation>网络中没有层：请在“设计”页把层从层面板拖到网络中。</translation>
    </message>
    <message>
        <source>the network has no weights to learn: add a conv2d or linear layer.</source>
        <translation>网络没有可学习的权重：请添加卷积层（conv2d）或全连接层（linear）。</translation>
    </message>
    <message>
        <source>even a batch of one image does not fit: use a smaller input or a smaller network.</source>
        <translation>即使每批只有一张图像也放不下：请使用更小的输入或更小的网络。</translation>
    </message>
    <message>
        <source>one subfolder per class, e.g. {root}/cat/001.png and {root}/dog/001.jpg</source>
        <translation>每个类别一个子文件夹，例如 {root}/cat/001.png 和 {root}/dog/001.jpg</translation>
    </message>
    <message>
        <source>the folder dataset needs a folder: choose one (one subfolder per class).</source>
        <translation>文件夹数据集需要一个文件夹：请选择一个（每个类别一个子文件夹）。</translation>
    </message>
    <message>
        <source>the network ends in a {shape} feature map but the dataset &apos;{dataset}&apos; needs {classes} class scores: add flatten and a linear layer with out_features {classes}</source>
        <translation>网络以 {shape} 的特征图结尾，但数据集“{dataset}”需要 {classes} 个类别得分：请添加展平层和一个神经元个数（out_features）为 {classes} 的全连接层</translation>
    </message>
    <message>
        <source>the last layer gives {n} outputs but the dataset &apos;{dataset}&apos; has {classes} classes: set the last linear layer&apos;s out_features to {classes}</source>
        <translation>最后一层输出 {n} 个值，但数据集“{dataset}”有 {classes} 个类别：请把最后一个全连接层的神经元个数（out_features）设为 {classes}</translation>
    </message>
    <message>
        <source>the dataset folder {root} does not exist: choose another folder.</source>
        <translation>数据集文件夹 {root} 不存在：请选择其他文件夹。</translation>
    </message>
    <message>
        <source>the dataset folder {root} has no class subfolders: expected one subfolder per class, e.g. {root}/cat/001.png and {root}/dog/001.jpg.</source>
        <translation>数据集文件夹 {root} 中没有类别子文件夹：应为每个类别一个子文件夹，例如 {root}/cat/001.png 和 {root}/dog/001.jpg。</translation>
    </message>
    <message>
        <source>the run needs about {need} of memory but {available} is available: {fix}</source>
        <translation>这次训练约需 {need} 内存，但只有 {available} 可用：{fix}</translation>
    </message>
    <message>
        <source>its weights alone (parameters, gradients, optimiser state and the copies a run keeps) need {size}: choose a smaller network (fewer or narrower layers, a smaller first linear layer) or a smaller template.</source>
        <translation>仅权重（参数、梯度、优化器状态以及训练保留的副本）就需要 {size}：请选择更小的网络（更少或更窄的层、更小的第一个全连接层）或更小的模板。</translation>
    </message>
    <message>
        <source>the images need {size}: use fewer images (the dataset limit) or a smaller input.</source>
        <translation>图像需要 {size}：请减少图像（设置“最多使用”）或使用更小的输入。</translation>
    </message>
    <message>
        <source>lower the batch size to {batch} or less, or use a smaller input.</source>
        <translation>请把批次大小降到 {batch} 或更小，或使用更小的输入。</translation>
    </message>
    <message>
        <source>the run needs about {need} of the {available} available; other programs need memory too: a batch size of {batch} leaves them more room.</source>
        <translation>这次训练约需可用的 {available} 中的 {need}；其他程序也需要内存：批次大小设为 {batch} 可以给它们留出更多空间。</translation>
    </message>
    <message>
        <source>the run would take about {time} ({epoch} per epoch) on {device}: lower the input size, the number of images or epochs, or choose a smaller template.</source>
        <translation>这次训练在 {device} 上约需 {time}（每轮 {epoch}）：请减小输入尺寸、图像数量或轮数，或选择更小的模板。</translation>
    </message>
    <message>
        <source>exporting needs about {need} of memory ({params} parameters) but {available} is available: choose a smaller network (fewer or narrower layers).</source>
        <translation>导出约需 {need} 内存（{params} 个参数），但只有 {available} 可用：请选择更小的网络（更少或更窄的层）。</translation>
    </message>
    <message>
        <source>Built in, offline: up to 10 kinds of drawn shapes (circle, square, triangle, cross, ring, star, plus, diamond, line or hexagon), made at the network&apos;s size; as many images as set below (8,000 in the default project).</source>
        <translation>内置，无需联网：最多 10 种绘制的形状（圆、正方形、三角形、叉、圆环、星形、加号、菱形、线段或六边形），按网络的输入尺寸生成；图像数量在下方设置（默认项目为 8,000 张）。</translation>
    </message>
    <message>
        <source>Conv layers per stage (N)</source>
        <translation>每个阶段的卷积层数 (N)</translation>
    </message>
    <message>
        <source>Stages (M)</source>
        <translation>阶段数 (M)</translation>
    </message>
    <message>
        <source>Hidden FC layers (K)</source>
        <translation>隐藏全连接层数 (K)</translation>
    </message>
    <message>
        <source>Filters in the first stage</source>
        <translation>第一阶段的滤波器数</translation>
    </message>
    <message>
        <source>Neurons per hidden FC layer</source>
        <translation>每个隐藏全连接层的神经元数</translation>
    </message>
    <message>
        <source>Max pool after each stage</source>
        <translation>每个阶段末尾做最大池化</translation>
    </message>
    <message>
        <source>Input size (pixels)</source>
        <translation>输入尺寸（像素）</translation>
    </message>
    <message>
        <source>Upsampling</source>
        <translation>上采样</translation>
    </message>
    <message>
        <source>ConvTranspose2d</source>
        <translation>ConvTranspose2d</translation>
    </message>
    <message>
        <source>Transposed convolution (转置卷积): each input value spreads a learned K x K patch, enlarging the map (decoders, segmentation).</source>
        <translation>转置卷积：每个输入值按学到的 K x K 卷积核铺开，使特征图变大（解码器、语义分割）。</translation>
    </message>
    <message>
        <source>H_out = (H - 1)*S - 2P + D*(K-1) + output_padding + 1   (the conv arithmetic guide&apos;s relation)</source>
        <translation>H_out = (H - 1)*S - 2P + D*(K-1) + output_padding + 1   （《卷积算术指南》中的关系式）</translation>
    </message>
    <message>
        <source>params = C_in * (C_out/groups) * K_h * K_w + C_out</source>
        <translation>参数量 = C_in * (C_out/分组数) * K_h * K_w + C_out</translation>
    </message>
    <message>
        <source>P: rows and columns cropped from each side</source>
        <translation>P：从每一边裁掉的行数和列数</translation>
    </message>
    <message>
        <source>Output padding</source>
        <translation>输出填充</translation>
    </message>
    <message>
        <source>rows and columns added on one side, to pick among the sizes a stride can give back</source>
        <translation>在一侧补上的行数和列数，用来在步长可能还原出的几种尺寸中选定一种</translation>
    </message>
    <message>
        <source>groups must divide both channel counts</source>
        <translation>分组数必须同时整除输入和输出通道数</translation>
    </message>
    <message>
        <source>Upsample</source>
        <translation>Upsample</translation>
    </message>
    <message>
        <source>Enlarges each feature map with no weights (上采样): nearest copies pixels, bilinear blends them.</source>
        <translation>上采样：不含权重地放大每张特征图；nearest（最近邻）复制像素，bilinear（双线性）混合相邻像素。</translation>
    </message>
    <message>
        <source>H_out = floor(H * scale_factor)   (or the given size); no parameters</source>
        <translation>H_out = floor(H * scale_factor)   （或给定的尺寸）；没有参数</translation>
    </message>
    <message>
        <source>Scale factor</source>
        <translation>放大倍数</translation>
    </message>
    <message>
        <source>how many times larger</source>
        <translation>放大为原来的多少倍</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>插值方式</translation>
    </message>
    <message>
        <source>nearest or bilinear</source>
        <translation>nearest（最近邻）或 bilinear（双线性）</translation>
    </message>
    <message>
        <source>ReLU6</source>
        <translation>ReLU6</translation>
    </message>
    <message>
        <source>ReLU capped at 6 (MobileNet).</source>
        <translation>上限为 6 的 ReLU（MobileNet）。</translation>
    </message>
    <message>
        <source>y = min(max(0, x), 6)</source>
        <translation>y = min(max(0, x), 6)</translation>
    </message>
    <message>
        <source>SiLU</source>
        <translation>SiLU</translation>
    </message>
    <message>
        <source>x times its sigmoid, also called swish (EfficientNet).</source>
        <translation>x 乘以它的 sigmoid，又称 swish（EfficientNet）。</translation>
    </message>
    <message>
        <source>y = x σ(x)</source>
        <translation>y = x σ(x)</translation>
    </message>
    <message>
        <source>Hardswish</source>
        <translation>Hardswish</translation>
    </message>
    <message>
        <source>A cheap, piecewise-linear SiLU (MobileNetV3).</source>
        <translation>计算量小的分段线性 SiLU（MobileNetV3）。</translation>
    </message>
    <message>
        <source>y = x * min(max(0, x + 3), 6) / 6</source>
        <translation>y = x * min(max(0, x + 3), 6) / 6</translation>
    </message>
    <message>
        <source>Hardsigmoid</source>
        <translation>Hardsigmoid</translation>
    </message>
    <message>
        <source>A cheap, piecewise-linear sigmoid (MobileNetV3&apos;s gates).</source>
        <translation>计算量小的分段线性 sigmoid（MobileNetV3 的门控）。</translation>
    </message>
    <message>
        <source>y = min(max(0, x + 3), 6) / 6</source>
        <translation>y = min(max(0, x + 3), 6) / 6</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identity</translation>
    </message>
    <message>
        <source>Passes its input through unchanged: a placeholder, or an imported network&apos;s no-op.</source>
        <translation>原样输出输入：用作占位，或导入的网络中不做任何运算的层。</translation>
    </message>
    <message>
        <source>y = x</source>
        <translation>y = x</translation>
    </message>
    <message>
        <source>output = input</source>
        <translation>输出 = 输入</translation>
    </message>
    <message>
        <source>output_padding {extra} along the {dim} must be smaller than the stride or the dilation ({limit}).</source>
        <translation>{dim}方向的输出填充（output_padding）{extra} 必须小于步长或扩张率（{limit}）。</translation>
    </message>
    <message>
        <source>set output_padding to at most {n}.</source>
        <translation>把输出填充（output_padding）设为不超过 {n}。</translation>
    </message>
    <message>
        <source>The transposed convolution&apos;s output {dim} would be {n}: padding {pad} crops more than the layer adds.</source>
        <translation>转置卷积输出的{dim}将是 {n}：填充 {pad} 裁掉的比该层增加的还多。</translation>
    </message>
    <message>
        <source>set padding to at most {n}.</source>
        <translation>把填充（padding）设为不超过 {n}。</translation>
    </message>
    <message>
        <source>Upsampling the input&apos;s {dim} of {size} by {factor} leaves no pixels.</source>
        <translation>把输入的{dim} {size} 按 {factor} 倍上采样后一个像素也不剩。</translation>
    </message>
    <message>
        <source>set scale_factor to at least {factor}.</source>
        <translation>把放大倍数（scale_factor）设为至少 {factor}。</translation>
    </message>
    <message>
        <source>C = {channels} (each channel enlarged on its own, mode {mode})</source>
        <translation>C = {channels}（每个通道各自放大，方式 {mode}）</translation>
    </message>
    <message>
        <source>AlexNet (torchvision)</source>
        <translation>AlexNet（torchvision 版）</translation>
    </message>
    <message>
        <source>GoogLeNet (torchvision)</source>
        <translation>GoogLeNet（torchvision 版）</translation>
    </message>
    <message>
        <source>ChannelShuffle</source>
        <translation>通道混洗</translation>
    </message>
    <message>
        <source>Interleaves the channels of the groups (ShuffleNet), so that the next grouped convolution sees every group.</source>
        <translation>把各组的通道交错排列（ShuffleNet），使下一个分组卷积能看到每一组的信息。</translation>
    </message>
    <message>
        <source>C x H x W unchanged; channel g*(C/groups) + i moves to i*groups + g; no parameters</source>
        <translation>C x H x W 不变；第 g*(C/G) + i 个通道移到第 i*G + g 个（G 为分组数）；没有参数</translation>
    </message>
    <message>
        <source>groups must divide the channels</source>
        <translation>分组数必须整除通道数</translation>
    </message>
    <message>
        <source>Squeeze-and-excitation</source>
        <translation>挤压-激励（SE）</translation>
    </message>
    <message>
        <source>Scales each channel by a gate computed from the whole map (挤压-激励, SENet, MobileNetV3, EfficientNet).</source>
        <translation>用由整张特征图算出的门控值缩放每个通道（挤压-激励，SENet、MobileNetV3、EfficientNet）。</translation>
    </message>
    <message>
        <source>y = x * gate(fc2(act(fc1(mean over H, W of x))))</source>
        <translation>y = x * 门控(fc2(激活(fc1(x 在 H、W 上的均值))))</translation>
    </message>
    <message>
        <source>params = C*S + S + S*C + C</source>
        <translation>参数量 = C*S + S + S*C + C</translation>
    </message>
    <message>
        <source>Squeeze channels</source>
        <translation>挤压通道数</translation>
    </message>
    <message>
        <source>S: the gate&apos;s width</source>
        <translation>S：门控分支的宽度</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>between fc1 and fc2</source>
        <translation>位于 fc1 与 fc2 之间</translation>
    </message>
    <message>
        <source>Gate</source>
        <translation>门控函数</translation>
    </message>
    <message>
        <source>turns fc2 into a scale</source>
        <translation>把 fc2 的输出变成缩放系数</translation>
    </message>
    <message>
        <source>Channel split</source>
        <translation>通道拆分</translation>
    </message>
    <message>
        <source>branch b takes the b-th equal share of the channels (torch.chunk), as in ShuffleNet V2</source>
        <translation>第 b 个分支取通道的第 b 等份（torch.chunk），同 ShuffleNet V2</translation>
    </message>
    <message>
        <source>Custom layer</source>
        <translation>自定义层</translation>
    </message>
    <message>
        <source>An imported operation the studio has no layer for, kept as its code with the shapes and parameters measured on import; it trains and exports as it was, but cannot be edited here.</source>
        <translation>导入的网络中本程序没有对应层的运算，按原代码保留，形状和参数量在导入时实测；它照常训练和导出，但不能在这里编辑。</translation>
    </message>
    <message>
        <source>output shape and parameters as measured on import</source>
        <translation>输出形状和参数量为导入时的实测值</translation>
    </message>
    <message>
        <source>channel shuffle with {g} groups needs a channel count divisible by {g}, but receives {c}.</source>
        <translation>分 {g} 组的通道混洗要求通道数能被 {g} 整除，但输入有 {c} 个通道。</translation>
    </message>
    <message>
        <source>set groups to {groups}, or give the layer before {c} channels.</source>
        <translation>把分组数设为 {groups}，或让前一层输出 {c} 个通道。</translation>
    </message>
    <message>
        <source>This custom layer&apos;s output shape is unknown: it was not measured on import.</source>
        <translation>这个自定义层的输出形状未知：导入时没有实测。</translation>
    </message>
    <message>
        <source>import the network again, so that the operation is run once and its shapes recorded.</source>
        <translation>重新导入该网络，让这个运算运行一次并记下形状。</translation>
    </message>
    <message>
        <source>This custom layer was measured on a {measured} input, giving {out}; its output for {shape} is unknown.</source>
        <translation>这个自定义层是在 {measured} 的输入上实测的，输出为 {out}；输入为 {shape} 时的输出未知。</translation>
    </message>
    <message>
        <source>give it a {measured} input again, or import the changed network.</source>
        <translation>让它的输入恢复为 {measured}，或导入修改后的网络。</translation>
    </message>
    <message>
        <source>a channel split into {n} branches needs a channel count divisible by {n}, but receives {c}.</source>
        <translation>拆分到 {n} 个分支的通道拆分要求通道数能被 {n} 整除，但输入有 {c} 个通道。</translation>
    </message>
    <message>
        <source>give the layer before {c} channels, or turn the split off.</source>
        <translation>让前一层输出 {c} 个通道，或关闭通道拆分。</translation>
    </message>
    <message>
        <source>each branch gets {part} of the {c} channels (channel split)</source>
        <translation>每个分支得到 {c} 个通道中的 {part} 个（通道拆分）</translation>
    </message>
    <message>
        <source>output = input * gate: {shape}</source>
        <translation>输出 = 输入 * 门控值：{shape}</translation>
    </message>
    <message>
        <source>gate = {gate}(fc2({act}(fc1(mean over H, W))))</source>
        <translation>门控值 = {gate}(fc2({act}(fc1(在 H、W 上的均值))))</translation>
    </message>
    <message>
        <source>params = {terms} = {params} (fc1: C -&gt; squeeze_channels, fc2: back to C)</source>
        <translation>参数量 = {terms} = {params}（fc1：C -&gt; squeeze_channels，fc2：再回到 C）</translation>
    </message>
    <message>
        <source>C = {c}: channel g*{k} + i moves to i*{g} + g ({g} groups of {k})</source>
        <translation>C = {c}：第 g*{k} + i 个通道移到第 i*{g} + g 个（{g} 组，每组 {k} 个）</translation>
    </message>
    <message>
        <source>output shape = input shape</source>
        <translation>输出形状 = 输入形状</translation>
    </message>
    <message>
        <source>output = {shape} (measured on import)</source>
        <translation>输出 = {shape}（导入时实测）</translation>
    </message>
    <message>
        <source>output = input = {shape} (the operation kept its shape on import)</source>
        <translation>输出 = 输入 = {shape}（导入时该运算保持了形状）</translation>
    </message>
    <message>
        <source>params = {params} (counted on import)</source>
        <translation>参数量 = {params}（导入时统计）</translation>
    </message>
    <message>
        <source>source: {source}</source>
        <translation>源代码：{source}</translation>
    </message>
    <message>
        <source>Runs branches side by side on the same input and stacks their channels (Inception); with channel split, each branch takes its own share of the channels (ShuffleNet V2).</source>
        <translation>在同一输入上并列运行各分支并按通道拼接输出（Inception）；开启通道拆分时，每个分支只取自己那一份通道（ShuffleNet V2）。</translation>
    </message>
    <message>
        <source>{title} is not in {root} ({count} files missing, such as {file}): allow the download, copy the files there, or choose another folder.</source>
        <translation>{root} 中没有 {title}（缺少 {count} 个文件，例如 {file}）：请允许下载、把文件复制到该文件夹，或选择另一个文件夹。</translation>
    </message>
    <message>
        <source>{title}: {file} could not be downloaded: {reason}. Without a network: download {urls} on a machine with internet and put them in {folder}; the next download checks and unpacks them.</source>
        <translation>{title}：无法下载 {file}：{reason}。没有网络时：在能上网的电脑上下载 {urls}，放到 {folder} 中；下次下载时会核对并解压这些文件。</translation>
    </message>
    <message>
        <source>{file} from {url} failed its checksum (MD5 {actual}, published {md5}): the file is damaged or not the published one</source>
        <translation>从 {url} 下载的 {file} 未通过校验（MD5 为 {actual}，公布值为 {md5}）：文件已损坏，或不是公布的那个文件</translation>
    </message>
    <message>
        <source>{file}: download cancelled</source>
        <translation>{file}：下载已取消</translation>
    </message>
    <message>
        <source>{file}: the disk is full (writing {folder})</source>
        <translation>{file}：磁盘已满（写入 {folder} 时）</translation>
    </message>
    <message>
        <source>{file}: cannot write {path} ({reason})</source>
        <translation>{file}：无法写入 {path}（{reason}）</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <source>the output&apos;s height and width, instead of a scale factor</source>
        <translation>输出的高和宽（代替放大倍数）</translation>
    </message>
    <message>
        <source>{n} branches, split</source>
        <translation>{n} 个分支，通道拆分</translation>
    </message>
    <message>
        <source>{n} groups</source>
        <translation>{n} 组</translation>
    </message>
    <message>
        <source>{file}: cannot unpack it ({reason})</source>
        <translation>{file}：无法解压（{reason}）</translation>
    </message>
    <message>
        <source>{title}: downloaded, but {file} is not in {root}</source>
        <translation>{title}：已下载，但 {root} 中没有 {file}</translation>
    </message>
    <message>
        <source>ONNX import needs the onnx package: pip install onnx</source>
        <translation>导入 ONNX 需要 onnx 包：pip install onnx</translation>
    </message>
    <message>
        <source>{path}: no such file</source>
        <translation>{path}：文件不存在</translation>
    </message>
    <message>
        <source>{path}: not an ONNX model onnx can read ({reason})</source>
        <translation>{path}：不是 onnx 能读取的 ONNX 模型（{reason}）</translation>
    </message>
    <message>
        <source>{path}: not a TorchScript file torch.jit.load can read ({reason})</source>
        <translation>{path}：不是 torch.jit.load 能读取的 TorchScript 文件（{reason}）</translation>
    </message>
    <message>
        <source>{path}: {where}: operator {op} has no layer in the studio</source>
        <translation>{path}：{where}：本程序没有与算子 {op} 对应的层</translation>
    </message>
    <message>
        <source>node {node} ({op})</source>
        <translation>节点 {node}（{op}）</translation>
    </message>
    <message>
        <source>{path}: running it on a {size} image failed ({reason}); give the image size it takes with --input C,H,W</source>
        <translation>{path}：在 {size} 的图像上运行失败（{reason}）；请给出它接受的图像尺寸（窗口中的“输入尺寸”，命令行的 --input C,H,W）</translation>
    </message>
    <message>
        <source>{path}: its layers, rebuilt from the file, do not compute what the file computes</source>
        <translation>{path}：按文件重建的层与文件本身的计算结果不一致</translation>
    </message>
    <message>
        <source>the graph takes {n} inputs; the studio&apos;s networks take one image</source>
        <translation>该计算图有 {n} 个输入；本程序的网络只接受一张图像</translation>
    </message>
    <message>
        <source>{path}: not a source this program imports (torchvision:NAME, path/model.py:Class, a TorchScript .pt file or an .onnx file)</source>
        <translation>{path}：不是本程序能导入的来源（torchvision:名称、路径/model.py:类名、TorchScript .pt 文件或 .onnx 文件）</translation>
    </message>
    <message>
        <source>the studio reads Conv, ConvTranspose, Gemm/MatMul, the poolings, BatchNormalization, its activations, Flatten, Resize, Dropout, Add and Concat blocks, squeeze-and-excitation gates, channel shuffles and splits, and one-input elementwise operators (kept as custom layers)</source>
        <translation>本程序能读取 Conv、ConvTranspose、Gemm/MatMul、各种池化、BatchNormalization、它支持的激活函数、Flatten、Resize、Dropout、Add 与 Concat 组成的块、挤压-激励（SE）门控、通道混洗与通道拆分，以及单输入的逐元素算子（保留为自定义层）</translation>
    </message>
    <message>
        <source>{path}: {where}: operator {op} has no layer in the studio; {readable}</source>
        <translation>{path}：{where}：本程序没有与算子 {op} 对应的层；{readable}</translation>
    </message>
    <message>
        <source>{path}: {where}: operator {op} on sizes has no layer in the studio</source>
        <translation>{path}：{where}：本程序没有与作用于尺寸的算子 {op} 对应的层</translation>
    </message>
    <message>
        <source>{path}: calls the function {name}, whose code the file does not hold</source>
        <translation>{path}：调用了函数 {name}，但文件中没有它的代码</translation>
    </message>
    <message>
        <source>{path}: calls the function {name}, whose code does not compile alone ({reason})</source>
        <translation>{path}：调用了函数 {name}，它的代码无法单独编译（{reason}）</translation>
    </message>
    <message>
        <source>{path}: {where}: target {target}: only reshapes that keep the batch are imported</source>
        <translation>{path}：{where}：目标形状 {target}：只能导入保持批次维度不变的形状变换</translation>
    </message>
    <message>
        <source>{path}: {where}: a slice with steps or over several axes: only one range of one axis</source>
        <translation>{path}：{where}：带步长或跨多个维度的切片：只能导入单个维度上的一段连续范围</translation>
    </message>
    <message>
        <source>{path}: {where}: a split along axis {axis} into {sizes}: only equal channel groups (x.chunk(n, 1))</source>
        <translation>{path}：{where}：沿第 {axis} 维拆分为 {sizes}：只能导入等分的通道组（x.chunk(n, 1)）</translation>
    </message>
    <message>
        <source>{network}: {where}: the input is multiplied by {layers}, which is not a squeeze-and-excitation gate (channel mean, 1x1 conv or Linear, activation, 1x1 conv or Linear, sigmoid or hardsigmoid)</source>
        <translation>{network}：{where}：输入乘以 {layers}，这不是挤压-激励（SE）门控（通道平均、1x1 卷积或 Linear、激活函数、1x1 卷积或 Linear、sigmoid 或 hardsigmoid）</translation>
    </message>
    <message>
        <source>{network}: {where}: {code} joins paths in a way the studio&apos;s blocks do not (they are: x + layers(x), a residual block; channel concatenation of branches, a concat block; and x * gate(x), a squeeze-and-excitation block)</source>
        <translation>{network}：{where}：{code} 合并分支的方式不属于本程序的任何块（本程序的块是：x + layers(x) 的残差块；各分支沿通道拼接的拼接块；x * gate(x) 的挤压-激励块）</translation>
    </message>
    <message>
        <source>{network}: {where}: {code} has no layer here, and a custom layer keeps only one call on the running value with constant arguments (such as torch.cumsum(x, dim=1))</source>
        <translation>{network}：{where}：{code} 在本程序中没有对应的层，而自定义层只能保存对当前数据、参数均为常量的一次调用（例如 torch.cumsum(x, dim=1)）</translation>
    </message>
    <message>
        <source>{network}: {where}: {kind} has no layer here, and a custom layer keeps only torch.nn&apos;s own layers (such as nn.GroupNorm(4, 32))</source>
        <translation>{network}：{where}：{kind} 在本程序中没有对应的层，而自定义层只能保存 torch.nn 自带的层（例如 nn.GroupNorm(4, 32)）</translation>
    </message>
    <message>
        <source>{network}: {where}: F.layer_norm called with weights read in forward (as ConvNeXt&apos;s LayerNorm2d does) has no layer in the studio; an nn.LayerNorm or nn.GroupNorm module imports as a custom layer</source>
        <translation>{network}：{where}：在 forward 中读取权重并调用的 F.layer_norm（ConvNeXt 的 LayerNorm2d 就是这样）在本程序中没有对应的层；nn.LayerNorm 或 nn.GroupNorm 模块会作为自定义层导入</translation>
    </message>
    <message>
        <source>ConvNeXt needs two layers the studio does not have: LayerNorm2d (layer normalisation of each pixel&apos;s channel values, 2 parameters per channel; in the stem, before each downsampling, in every block and before the classifier) and layer scale (a learned multiplier per channel on every block&apos;s output). Its other parts are studio layers: 7x7 depthwise convolutions, GELU, the pointwise Linear layers (as 1x1 convolutions), residual blocks and stochastic depth (identity at inference)</source>
        <translation>ConvNeXt 需要本程序尚未提供的两种层：LayerNorm2d（对每个像素的各通道值做层归一化，每个通道 2 个参数；用于主干开头、每次下采样之前、每个块内以及分类器之前）和层缩放（layer scale，每个块输出上每个通道一个可学习的乘数）。它的其他部分都是本程序已有的层：7x7 深度卷积、GELU、逐点的 Linear 层（相当于 1x1 卷积）、残差块，以及随机深度（推理时为恒等映射）</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Cannot compare</source>
        <translation>无法比较</translation>
    </message>
</context>
</TS>
